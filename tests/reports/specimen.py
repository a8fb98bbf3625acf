"""A specimen national report of the fictional Xanadu (XA), in English or Arabic.

It exercises every block the templates know, for previewing print styles, for the tests that read
PDFs back and for the benchmark. `countries` adds a regional comparison (heatmap and distribution)
of that many fictional neighbours; `annex_copies` repeats the annex to make a longer report.
"""

from __future__ import annotations

from assess.reports import document as d

AREAS = {
    "en": ("Governance and legislation", "Prevention", "Detection", "Preparedness", "Response",
           "Recovery"),
    "ar": ("الحوكمة والتشريعات", "الوقاية", "الكشف", "التأهب", "الاستجابة", "التعافي"),
}  # fmt: skip
SCORES = (72.5, 58.0, 41.0, 66.0, 35.5, 50.0)
ACTIONS = {
    "en": (
        "Equip two mobile detection laboratories",
        "Train first responders in decontamination",
        "Adopt the national CBRN strategy",
        "Exercise cross-border notification",
    ),
    "ar": (
        "تجهيز مختبرين متنقلين للكشف",
        "تدريب المستجيبين الأوائل على إزالة التلوث",
        "اعتماد الاستراتيجية الوطنية",
        "إجراء تمرين على الإخطار عبر الحدود",
    ),
}
TEXT = {
    "en": {
        "title": "National CBRN action plan",
        "subtitle": "Needs and risk assessment",
        "place": "Xanadu",
        "round": "2026",
        "date": "21 November 2026",
        "marking": "RESTRICTED",
        "summary": "Executive summary",
        "summary_text": "Xanadu scores highest in governance and lowest in response. "
        "Four actions address the largest gaps first.",
        "scores": "Scores per area",
        "gaps": "Gaps per area",
        "risks": "Risk matrix",
        "actions": "Prioritised actions",
        "columns": ("Priority", "Action", "Area", "Lead agency", "Timeline"),
        "lead": "Ministry of Interior",
        "annex": "Annex: answers and comments",
        "question": "Describe the arrangements in place for {area}.",
        "answer": "Arrangements for {area} exist and are reviewed every year.",
        "comment": "Reviewed by the national team.",
        "likelihood": "Likelihood",
        "impact": "Impact",
        "region": "Regional comparison",
        "bands": ("Below 40", "40 to 70", "70 and above"),
    },
    "ar": {
        "title": "خطة العمل الوطنية",
        "subtitle": "تقييم الاحتياجات والمخاطر",
        "place": "زانادو",
        "round": "2026",
        "date": "21 نوفمبر 2026",
        "marking": "مقيد",
        "summary": "الملخص التنفيذي",
        "summary_text": "تحقق زانادو أعلى درجة في الحوكمة وأدناها في الاستجابة. "
        "تعالج أربعة إجراءات أكبر الفجوات أولا.",
        "scores": "الدرجات حسب المجال",
        "gaps": "الفجوات حسب المجال",
        "risks": "مصفوفة المخاطر",
        "actions": "الإجراءات ذات الأولوية",
        "columns": ("الأولوية", "الإجراء", "المجال", "الجهة الرائدة", "الإطار الزمني"),
        "lead": "وزارة الداخلية",
        "annex": "الملحق: الإجابات والتعليقات",
        "question": "صف الترتيبات القائمة في مجال {area}.",
        "answer": "توجد ترتيبات في مجال {area} وتتم مراجعتها كل عام.",
        "comment": "راجعها الفريق الوطني.",
        "likelihood": "الاحتمال",
        "impact": "الأثر",
        "region": "المقارنة الإقليمية",
        "bands": ("أقل من 40", "من 40 إلى 70", "70 فأكثر"),
    },
}
LIMITS = ((0, 40), (40, 70), (70, 101))
SCENARIOS = (("S1", 4, 5), ("S2", 2, 4), ("S3", 4, 5), ("S4", 1, 2), ("S5", 3, 3))


def specimen_document(
    lang: str = "en", *, hostile_answer: str = "", annex_copies: int = 1, countries: int = 0
) -> d.ReportDocument:
    """The Xanadu specimen in `lang` ("en" or "ar"), optionally holding a hostile answer."""
    t, areas = TEXT[lang], AREAS[lang]
    scores = tuple(zip(areas, SCORES, strict=True))
    gaps = tuple(sorted(((a, 100 - s) for a, s in scores), key=lambda p: -p[1]))
    sections = (
        d.Section(t["summary"], (d.Paragraph(t["summary_text"], lead=True),)),
        d.Section(t["scores"], (d.RadarChart(t["scores"], scores), d.BarChart(t["gaps"], gaps))),
        d.Section(
            t["risks"],
            (d.RiskMatrix(t["risks"], SCENARIOS, t["likelihood"], t["impact"]),),
        ),
        d.Section(t["actions"], (_action_table(lang),)),
    )
    if countries:
        sections += (_regional_section(lang, countries),)
    return d.ReportDocument(
        title=t["title"],
        subtitle=t["subtitle"],
        place=t["place"],
        round=t["round"],
        date=t["date"],
        marking=t["marking"],
        lang=lang,
        sections=sections,
        annex=d.Annex(t["annex"], _annex_groups(lang, hostile_answer) * annex_copies),
    )


def _regional_section(lang: str, countries: int) -> d.Section:
    """Scores of Xanadu's neighbours XB, XC...: spread deterministically around Xanadu's."""
    t, areas = TEXT[lang], AREAS[lang]
    codes = tuple(f"X{chr(ord('A') + i)}" for i in range(countries))
    values = tuple(
        tuple(float((score + 17 * row * (col + 1)) % 100) for col, score in enumerate(SCORES))
        for row in range(countries)
    )
    bands = tuple(
        (area, tuple(sum(1 for line in values if low <= line[col] < high) for low, high in LIMITS))
        for col, area in enumerate(areas)
    )
    return d.Section(
        t["region"],
        (
            d.Heatmap(t["region"], codes, areas, values),
            d.Distribution(t["scores"], bands, t["bands"]),
        ),
    )


def _action_table(lang: str) -> d.Table:
    t = TEXT[lang]
    rows = tuple(
        (str(rank), action, AREAS[lang][(4, 2, 0, 3)[rank - 1]], t["lead"], f"2027-Q{rank}")
        for rank, action in enumerate(ACTIONS[lang], start=1)
    )
    return d.Table(t["columns"], rows, numeric=(0,))


def _annex_groups(lang: str, hostile_answer: str) -> tuple[d.AnnexGroup, ...]:
    t = TEXT[lang]
    groups = []
    for number, area in enumerate(AREAS[lang], start=1):
        entries = tuple(
            d.AnnexEntry(
                f"{number}.{item}",
                t["question"].format(area=area),
                t["answer"].format(area=area),
                t["comment"],
            )
            for item in range(1, 6)
        )
        groups.append(d.AnnexGroup(area, entries))
    if hostile_answer:
        hostile = d.AnnexEntry("9.9", t["question"].format(area=AREAS[lang][0]), hostile_answer)
        groups.append(d.AnnexGroup(AREAS[lang][0], (hostile,)))
    return tuple(groups)
