"""Access rules live in one module: no other module or template compares a role.

Walks the syntax tree of every module under assess/ and of every web template for comparisons
whose operands hold a role name (a string, a tuple of them, `Role.X`) or read a `.role`, and for
`.role.in_(...)` queries; only assess/services/access.py may have them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from jinja2 import Environment, nodes

from assess.models import ROLES, Assessment, Country, Region, Role, User
from assess.services import access

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "assess"
TEMPLATES = ROOT / "templates"
ACCESS = PACKAGE / "services" / "access.py"


def _names_a_role(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return node.value in ROLES
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return any(_names_a_role(element) for element in node.elts)
    if isinstance(node, ast.Attribute):
        return node.attr == "role" or (isinstance(node.value, ast.Name) and node.value.id == "Role")
    return False


def _checks_a_role(node: ast.AST) -> bool:
    """A comparison with a role, or a `.role.in_(...)` query."""
    if isinstance(node, ast.Compare):
        return any(_names_a_role(operand) for operand in (node.left, *node.comparators))
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "in_"
        and _names_a_role(node.func.value)
    )


def role_checks(source: str) -> list[int]:
    """The lines of a Python source that compare a role."""
    return sorted(node.lineno for node in ast.walk(ast.parse(source)) if _checks_a_role(node))


def _template_names_a_role(node: nodes.Node) -> bool:
    if isinstance(node, nodes.Const):
        return node.value in ROLES
    if isinstance(node, nodes.Tuple | nodes.List):
        return any(_template_names_a_role(item) for item in node.items)
    return isinstance(node, nodes.Getattr) and node.attr == "role"


def template_role_checks(source: str) -> list[int]:
    """The lines of a Jinja template that compare a role."""
    tree = Environment(extensions=["jinja2.ext.i18n"]).parse(source)
    return sorted(
        compare.lineno
        for compare in tree.find_all(nodes.Compare)
        if any(_template_names_a_role(x) for x in (compare.expr, *(op.expr for op in compare.ops)))
    )


def test_no_module_but_access_compares_a_role() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != ACCESS
        for line in role_checks(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_no_template_compares_a_role() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for line in template_role_checks(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_access_module_is_where_the_roles_are_compared() -> None:
    assert role_checks(ACCESS.read_text(encoding="utf-8")) != []


@pytest.mark.parametrize(
    "source",
    [
        'user.role == "admin"',
        'role != "team"',
        'person.role in ("nfp", "team")',
        "user.role in NATIONAL_ROLES",
        "Role.ADMIN == x",
        "x not in [Role.NFP, Role.TEAM]",
        "User.role.in_(roles)",
    ],
)
def test_the_walk_finds_a_role_compared(source: str) -> None:
    assert role_checks(source) == [1]


@pytest.mark.parametrize(
    "source",
    ['status == "draft"', "user.region_id == region.id", "x in ROLES", 'kind == "national"'],
)
def test_the_walk_leaves_other_comparisons_alone(source: str) -> None:
    assert role_checks(source) == []


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ('{% if current_user.role == "admin" %}x{% endif %}', [1]),
        ("{{ a if user.role in ('nfp', 'team') else b }}", [1]),
        ('\n{{ "x" if kind == "team" else "y" }}', [2]),
        ('{% if status == "draft" %}x{% endif %}', []),
    ],
)
def test_the_template_walk_finds_a_role_compared(source: str, found: list[int]) -> None:
    assert template_role_checks(source) == found


def _person(role: Role, region_id: int | None = None, country_id: int | None = None) -> User:
    return User(username=role.value, role=role, region_id=region_id, country_id=country_id)


HOME, ELSEWHERE = Region(id=1, code="SEEE"), Region(id=2, code="AAF")
ARVENIA = Country(id=10, code="XA", region_id=1, region=HOME)
TREND_READERS = [
    # who, Arvenia's trends, its region's, another region's
    ("admin", _person(Role.ADMIN), (True, True, True)),
    ("secretariat", _person(Role.SECRETARIAT, region_id=1), (True, True, False)),
    ("other secretariat", _person(Role.SECRETARIAT, region_id=2), (False, False, True)),
    ("nfp", _person(Role.NFP, country_id=10), (True, False, False)),
    ("team", _person(Role.TEAM, country_id=10), (True, False, False)),
    ("other nfp", _person(Role.NFP, country_id=11), (False, False, False)),
    ("coordinator", _person(Role.COORDINATOR), (False, False, False)),
    ("expert", _person(Role.EXPERT), (False, False, False)),
]


@pytest.mark.parametrize(("who", "user", "sees"), TREND_READERS)
def test_trends_are_seen_by_the_country_s_team_its_secretariat_and_admins(
    who: str, user: User, sees: tuple[bool, bool, bool]
) -> None:
    found = (
        access.can_see_country_trends(user, ARVENIA),
        access.can_see_region_trends(user, HOME),
        access.can_see_region_trends(user, ELSEWHERE),
    )
    assert found == sees, who


def _people_and_assessment():
    """A region with one country and its assessment, and one person of each kind, unsaved."""
    region, other = Region(id=1, code="R1", name="R1"), Region(id=2, code="R2", name="R2")
    country = Country(id=1, code="XA", name="Arvenia", region_id=1, region=region)
    assessment = Assessment(id=1, country_id=1, country=country, status="submitted")
    people = {
        "admin": User(role="admin"),
        "secretariat": User(role="secretariat", region_id=1, region=region),
        "other-secretariat": User(role="secretariat", region_id=2, region=other),
        "nfp": User(role="nfp", country_id=1),
        "team": User(role="team", country_id=1, areas=[]),
        "team-elsewhere": User(role="team", country_id=1, areas=["response"]),
        "other-nfp": User(role="nfp", country_id=2),
        "expert": User(role="expert"),
        "coordinator": User(role="coordinator"),
    }
    return people, assessment


def test_the_reviewers_alone_settle_queries() -> None:
    people, assessment = _people_and_assessment()
    allowed = sorted(n for n, u in people.items() if access.can_settle_queries(u, assessment))
    assert allowed == ["admin", "secretariat"]


def test_the_country_replies_to_queries_within_its_areas() -> None:
    people, assessment = _people_and_assessment()
    allowed = sorted(
        n for n, u in people.items() if access.can_reply_to_query(u, assessment, ("legal",))
    )
    assert allowed == ["nfp", "team"]
