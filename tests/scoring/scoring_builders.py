"""Small questionnaire models for scoring tests: every field the tests do not care about filled."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterable, Mapping
from typing import Any

from assess.questionnaire.answers import Answer
from assess.questionnaire.model import (
    Aggregation,
    Band,
    BandSet,
    Evidence,
    Framework,
    Group,
    Level,
    LocalText,
    Node,
    NumberSpec,
    Option,
    Question,
    Questionnaire,
    RiskRegister,
    Scale,
    Scenario,
    ScorePolicy,
    Tags,
    frozen_map,
)


def text(value: str) -> LocalText:
    return LocalText(frozen_map({"en": value}), "en")


class Build:
    """Model objects with every field the tests do not care about filled in."""

    @staticmethod
    def level_scale(
        scale_id: str = "capability",
        low: int = 1,
        high: int = 5,
        top: float = 100,
        allow_half: bool = False,
    ) -> Scale:
        levels = tuple(
            Level(v, text(f"level {v}"), text(f"descriptor {v}"), v / high * top)
            for v in range(low, high + 1)
        )
        return Scale(scale_id, "level", levels=levels, allow_half=allow_half)

    @staticmethod
    def options(**scores: float | None) -> tuple[Option, ...]:
        return tuple(Option(k, text(k), v) for k, v in scores.items())

    @staticmethod
    def question(
        qid: str,
        qtype: str = "level",
        *,
        scale: Scale | None = None,
        weight: float = 1,
        target: float | None = None,
        options: tuple[Option, ...] = (),
        number: NumberSpec | None = None,
        attributes: Mapping[int, tuple[Option, ...]] | None = None,
        combine: str = "sum",
    ) -> Question:
        if scale is None and qtype in ("level", "checklist"):
            scale = Build.level_scale()
        return Question(
            id=qid, path=(qid,), weight=weight, when=None, tags=Tags(), refs=(), target=target,
            actions=(), pos=None, type=qtype, text=text(qid), help=None, required=False,
            allow_na=True, allow_dont_know=True, comment=True, evidence=Evidence(), scale=scale,
            options=options, number=number, attributes=frozen_map(attributes or {}),
            choice_combine=combine,  # type: ignore[arg-type]
        )  # fmt: skip

    @staticmethod
    def policy(
        method: str = "mean",
        *,
        missing: str = "exclude",
        round_to: int | None = None,
        bands: str | None = None,
        **params: Any,
    ) -> ScorePolicy:
        aggregation = Aggregation(method, frozen_map(params))
        return ScorePolicy(aggregation, missing, round_to, bands)  # type: ignore[arg-type]

    @staticmethod
    def group(
        gid: str,
        children: Iterable[Node],
        policy: ScorePolicy | None = None,
        *,
        weight: float = 1,
        kind: str = "group",
        target: float | None = None,
    ) -> Group:
        return Group(
            id=gid, path=(gid,), weight=weight, when=None, tags=Tags(), refs=(), target=target,
            actions=(), pos=None, kind=kind, title=text(gid), description=None,  # type: ignore[arg-type]
            policy=policy or Build.policy(), children=tuple(children),
        )  # fmt: skip

    @staticmethod
    def questionnaire(
        children: Iterable[Node],
        policy: ScorePolicy | None = None,
        *,
        top: float = 100,
        bands: Mapping[str, BandSet] | None = None,
        risk: RiskRegister | None = None,
        version: str = "1.0",
    ) -> Questionnaire:
        policy = policy or Build.policy()
        root = Build.group("t", children, policy)
        root = dataclasses.replace(root, path=())
        return Questionnaire(
            id="t", version=version, title=text("test"), description=None,
            default_language="en", languages=("en",), partial_languages=(),
            framework=Framework(0, top, policy), scales=frozen_map({}),
            bands=frozen_map(bands or {}), root=root, risk=risk,
        )  # fmt: skip

    @staticmethod
    def bandset(bid: str, *edges: float) -> BandSet:
        pairs = itertools.pairwise(edges)
        return BandSet(bid, tuple(Band(f"b{lo:g}", text(f"{lo:g}"), lo, hi) for lo, hi in pairs))

    @staticmethod
    def register(
        *scenarios: Scenario, combine: str = "max", bands: str | None = None
    ) -> RiskRegister:
        five = Build.level_scale("five", 1, 5, 5)
        dims = ("human", "economic", "environmental")
        return RiskRegister(five, five, dims, combine, bands, scenarios)  # type: ignore[arg-type]

    @staticmethod
    def scenario(
        sid: str,
        indicators: tuple[str, ...] = (),
        likelihood: int | None = None,
        **impacts: int,
    ) -> Scenario:
        return Scenario(
            sid, text(sid), ("C",), "accidental", None, indicators, False, likelihood,
            frozen_map(impacts),
        )  # fmt: skip


def answered(**values: Any) -> dict[str, Answer]:
    """Answers given a value, by question id."""
    return {k: Answer(k, "answered", v) for k, v in values.items()}
