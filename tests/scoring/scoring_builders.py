"""Small questionnaire models for scoring tests: every field the tests do not care about filled."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from typing import Any

from assess.questionnaire.answers import Answer
from assess.questionnaire.model import (
    Aggregation,
    Band,
    BandSet,
    Framework,
    Group,
    Node,
    NumberSpec,
    Option,
    Question,
    Questionnaire,
    RiskRegister,
    Scale,
    Scenario,
    ScorePolicy,
    frozen_map,
)
from tests import model_builders as build
from tests.model_builders import text


class Build:
    """Model objects with every field the tests do not care about filled in."""

    level_scale = staticmethod(build.level_scale)

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
        return build.question(
            qid,
            qtype,
            path=(qid,),
            weight=weight,
            target=target,
            text=text(qid),
            scale=scale,
            options=options,
            number=number,
            attributes=frozen_map(attributes or {}),
            choice_combine=combine,
        )

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
        return build.group(
            gid, children, weight=weight, kind=kind, target=target, policy=policy or Build.policy()
        )

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
        return build.questionnaire(
            children,
            policy,
            id="t",
            version=version,
            title=text("test"),
            framework=Framework(0, top, policy),
            bands=frozen_map(bands or {}),
            risk=risk,
        )

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
