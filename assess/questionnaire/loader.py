"""Loads a questionnaire file into the frozen model, after checking everything in it.

Wherever a file stands, the earlier versions beside it (same folder, `<major>.<minor>.yaml`) are
read to check that no id changed meaning. With `root` (a questionnaires directory), the file must
also be `root/<id>/<version>.yaml`, with `id` and `version` matching that path; without it the
file may stand anywhere (`assess check` passes ASSESS_QUESTIONNAIRES_DIR as root for the files
under it).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from assess.questionnaire.build import Builder
from assess.questionnaire.build_costing import build_costing, check_line_items
from assess.questionnaire.build_nodes import NodeBuilder
from assess.questionnaire.columns import SECTION, build_columns, check_columns
from assess.questionnaire.history import check_history, check_layout
from assess.questionnaire.migration import build_migration
from assess.questionnaire.model import Questionnaire, frozen_map
from assess.questionnaire.problems import DefinitionError, Problem
from assess.questionnaire.structure import Checked, Context, conform
from assess.questionnaire.translations import coverage_problems
from assess.questionnaire.validate import validate
from assess.questionnaire.yamlsafe import MAX_BYTES, load_yaml


def display_name(path: Path) -> str:
    """The file's name in problems: relative to the current directory when it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def check_file(
    path: str | Path, *, root: Path | None = None, history: bool = True
) -> tuple[Questionnaire | None, tuple[Problem, ...]]:
    """The model (None when there are errors) and every problem found, errors and warnings.

    `history=False` skips the comparison with earlier versions (used for those versions)."""
    path = Path(path)
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except OSError as error:
        name = display_name(path)
        return None, (Problem("Y016", "error", error.strerror or str(error), name, 1, 1),)
    return check_data(data, path, root=root, history=history)


def check_data(
    data: bytes, path: str | Path, *, root: Path | None = None, history: bool = True
) -> tuple[Questionnaire | None, tuple[Problem, ...]]:
    """`check_file` on the bytes a file at `path` would hold (checked before writing them)."""
    path = Path(path)
    name = display_name(path)
    try:
        raw = load_yaml(data, name)
    except DefinitionError as error:
        return None, error.problems
    ctx = Context(name, data.decode("utf-8").splitlines())
    questionnaire = assemble(raw, ctx, path, root)
    if history and questionnaire is not None:
        check_history(questionnaire, path, ctx, check_file)
    problems = tuple(sorted(ctx.problems, key=lambda p: (p.line, p.column, p.code)))
    if questionnaire is None or any(p.severity == "error" for p in problems):
        return None, problems
    return questionnaire, problems


def load_questionnaire(path: str | Path, *, root: Path | None = None) -> Questionnaire:
    """The questionnaire in `path`; DefinitionError with every problem if it has any error."""
    questionnaire, problems = check_file(path, root=root)
    if questionnaire is None:
        raise DefinitionError(problems)
    return questionnaire


def check_paths(paths: Iterable[str | Path], *, root: Path | None = None) -> list[Problem]:
    """Every problem of every file, and how far each partial language is translated (warnings):
    directories are searched for *.yaml files."""
    problems: list[Problem] = []
    for path in paths:
        path = Path(path)
        files = sorted(path.rglob("*.yaml")) if path.is_dir() else [path]
        for file in files:
            questionnaire, found = check_file(file, root=root_for(file, root))
            problems.extend(found)
            if questionnaire is not None:
                problems.extend(coverage_problems(questionnaire, display_name(file)))
    return problems


def root_for(file: Path, root: Path | None) -> Path | None:
    """`root` when the file lies below it (so the layout rules apply), else None."""
    if root is None:
        return None
    try:
        file.resolve().relative_to(Path(root).resolve())
    except ValueError:
        return None
    return Path(root)


def assemble(raw: object, ctx: Context, path: Path, root: Path | None) -> Questionnaire | None:
    """Checks and builds a whole questionnaire from parsed YAML; None when it is not one."""
    top = conform(raw, ctx)
    if top is None:
        return None
    if root is not None:
        check_layout(top, path, Path(root), ctx)
    base = Builder(ctx)
    base.set_languages(top)
    base.set_framework(top)
    base.build_scales(top)
    base.build_bands(top)
    scoring = top.get("scoring")
    if isinstance(scoring, Checked):
        base.band_ref(scoring, "bands")
    costing = build_costing(top, base)
    nodes = NodeBuilder(base)
    root = nodes.root(top)
    questionnaire = Questionnaire(
        id=top.get("id", ""),
        version=top.get("version", ""),
        title=root.title,
        description=root.description,
        default_language=base.default_language,
        languages=base.languages,
        partial_languages=base.partial_languages,
        framework=base.framework,
        scales=frozen_map(base.scales),
        bands=frozen_map(base.bands),
        root=root,
        risk=base.risk(top),
        source=str(path),
        migration=build_migration(top),
        costing=costing,
        columns=build_columns(top),
    )
    validate(questionnaire, ctx, base, raw)
    if isinstance(section := top.get(SECTION), Checked):
        check_columns(questionnaire, section, ctx)
    check_line_items(questionnaire, base)
    return questionnaire if top.complete else None
