"""Problems found in a definition: each with a code, a severity, a place, a message and a fix."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in a definition file, located as precisely as the file allows."""

    code: str
    severity: Severity
    message: str
    file: str
    line: int = 0
    column: int = 0
    path: str = ""  # where in the tree: "children[2].children[0].type" or a node id path

    def format(self) -> str:
        """The one-line form editors and CI annotate: FILE:LINE:COLUMN: CODE message."""
        return f"{self.file}:{self.line}:{self.column}: {self.code} {self.message}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


class DefinitionError(Exception):
    """A definition could not be loaded; carries every problem found, errors and warnings."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        first = errors[0].format() if errors else "no errors"
        super().__init__(f"{len(errors)} error(s) in definition; first: {first}")

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")


# Code -> (severity, one-line title, how to fix it). One block per range; add codes, never reuse.
CATALOGUE: dict[str, tuple[Severity, str, str]] = {
    # Y: reading the YAML text (assess.questionnaire.yamlsafe)
    "Y001": (
        "error",
        "YAML syntax error",
        "Fix the YAML at the place shown (indentation, quotes, brackets, ':' after keys).",
    ),
    "Y002": (
        "error",
        "Tab used for indentation",
        "Indent with spaces only; YAML does not allow tabs for indentation.",
    ),
    "Y003": (
        "error",
        "File is not UTF-8",
        "Save the file as UTF-8 (in most editors: 'Save with encoding', UTF-8).",
    ),
    "Y004": (
        "error",
        "Character not allowed",
        "Remove the control character at the place shown; YAML does not allow it.",
    ),
    "Y005": (
        "error",
        "File too large",
        "Split the questionnaire or remove content: a definition file may be at most 2 MiB.",
    ),
    "Y006": (
        "error",
        "File is empty",
        "Write the questionnaire: the file has no YAML document, only blanks or comments.",
    ),
    "Y007": (
        "error",
        "More than one document",
        "Keep one YAML document per file: move the second '---' and what follows elsewhere.",
    ),
    "Y008": (
        "error",
        "Nesting too deep",
        "Flatten the structure: mappings and lists may be nested at most 40 levels deep.",
    ),
    "Y009": (
        "error",
        "Duplicate key",
        "Remove or rename one of the two keys: YAML would silently keep only the last one.",
    ),
    "Y010": (
        "error",
        "Key is not text",
        "Use plain text as the key; lists, mappings and empty keys cannot be keys.",
    ),
    "Y011": (
        "error",
        "Tag not allowed",
        "Remove the tag; only !!str, !!int, !!float, !!bool, !!null, !!map and !!seq are allowed.",
    ),
    "Y012": (
        "error",
        "Value does not match its tag",
        "Remove the tag or write a value of that type (e.g. !!int 12).",
    ),
    "Y013": (
        "error",
        "Too many alias expansions",
        "Use fewer aliases ('*name'): the file expands to more than 10,000 nodes through them.",
    ),
    "Y014": (
        "error",
        "Unknown or recursive alias",
        "Define the anchor ('&name') before '*name', and never use an alias inside its own anchor.",
    ),
    "Y015": (
        "error",
        "Merge value is not a mapping",
        "After '<<:' put a mapping or a list of mappings (usually '*name' of an anchored mapping).",
    ),
    "Y016": (
        "error",
        "File cannot be read",
        "Check that the file exists and is readable; the message gives the system's reason.",
    ),
    "Y017": (
        "error",
        "Number not finite or out of bounds",
        "Write a finite number from -10^15 to 10^15: .nan, .inf and larger numbers cannot score.",
    ),
    # S, F, T, R, V, L, W, H: structure and meaning (assess.questionnaire build and validate)
    "S101": ("error", "Unknown key", "Remove the key or correct its spelling."),
    "S102": ("error", "Wrong type", "Give the value the type the message names."),
    "S103": ("error", "Missing key", "Add the key the message names."),
    "S104": ("error", "Value not allowed", "Use one of the values the message lists."),
    "S105": ("error", "Badly formed value", "Write the value in the form the message shows."),
    "S106": ("error", "Value out of range", "Use a value within the range the message says."),
    "S107": ("error", "Empty list", "Give the list at least one item, or remove the key."),
    "S108": ("error", "Group and question at once", "Keep `children` or `type`, not both."),
    "S109": ("error", "Keys that exclude each other", "Keep one of the keys the message names."),
    "F101": ("error", "Id does not match folder", "Make `id` equal the folder name."),
    "F102": ("error", "Version does not match file", "Make `version` equal the file name."),
    "F103": ("error", "File out of place", "Move it to questionnaires/<id>/<version>.yaml."),
    "T101": ("error", "Duplicate id", "Give each node a unique id."),
    "T102": ("error", "Tree too shallow", "Put questions inside at least one group."),
    "T103": ("error", "Tree too deep", "Keep the tree at most 5 levels deep."),
    "T104": ("error", "Empty group", "Give the group a child, or remove it."),
    "T105": ("error", "Duplicate id in a list", "Give each option, attribute, band a new id."),
    "R101": ("error", "Unknown scale", "Name a scale declared under `scales`."),
    "R102": ("error", "Scale of the wrong kind", "Use a level or a choice scale as needed."),
    "R103": ("error", "Unknown band set", "Name a band set declared under `bands`."),
    "R104": ("error", "Unknown node", "Name a node id of the tree."),
    "R105": ("error", "Condition reads a group", "Refer to questions only in conditions."),
    "R106": ("error", "Unknown instrument", "Use an instrument listed in the format spec."),
    "R107": ("error", "Unknown impact dimension", "Use a dimension of `risk.dimensions`."),
    "R108": ("error", "Divisor not a number question", "Name another number question in `per`."),
    "X101": ("error", "Circular condition", "Make conditions depend on earlier questions."),
    # X0: conditions (assess.questionnaire.expressions); the column points into the condition
    "X001": ("error", "Unexpected character", "Remove it, or put text in quotes: 'text'."),
    "X002": ("error", "Unterminated text", "Close the text with the quote that opened it."),
    "X003": ("error", "Unexpected word or symbol", "Check the operators and values around it."),
    "X004": ("error", "Unclosed parenthesis", "Add the missing ')'."),
    "X005": ("error", "Condition too long", "Keep a condition under 2,000 characters."),
    "X006": ("error", "Condition nested too deeply", "Simplify the condition or split it."),
    "X007": ("error", "Invalid date", "Write dates as date('YYYY-MM-DD')."),
    "X008": ("error", "Unknown function", "Use selected, count_selected, answered or date."),
    "X009": ("error", "Wrong function arguments", "Call it as the format spec's table shows."),
    "X010": ("error", "Unknown question", "Refer to a question id of this file as ${id}."),
    "X011": ("error", "Values that cannot be compared", "Compare numbers, texts or dates alike."),
    "X012": ("error", "Not an option", "Compare a choice with one of its option ids."),
    "X013": ("error", "Multiple choice as a value", "Use selected() or count_selected()."),
    "X014": ("error", "Arithmetic on a non-number", "Use + - * / on numbers only."),
    "X015": ("error", "Not a condition", "Make the expression true or false: compare it."),
    "X016": ("error", "Chained comparison", "Join two comparisons with 'and'."),
    "X017": ("error", "Malformed reference", "Write a reference as ${question_id}."),
    "X018": ("error", "Empty condition", "Write a condition, or remove `when`."),
    "X019": ("error", "Unknown escape in text", "Only \\' \\\" and \\\\ are escapes in text."),
    "X020": ("error", "Number too large", "Use a smaller number."),
    "V101": ("error", "Target outside the scale", "Use a target among the scale's levels."),
    "V102": ("error", "Target without levels", "Remove the target or add level questions."),
    "V103": ("error", "Levels not consecutive", "Number levels 1, 2, 3... with no gaps."),
    "V104": ("error", "Bands not contiguous", "Make each band start where the last ends."),
    "V105": ("error", "Empty range", "Make `min` smaller than `max`."),
    "V106": ("error", "Attribute level outside scale", "Use levels of the question's scale."),
    "V107": ("error", "Risk scale not 1..5", "Use a level scale with levels 1 to 5."),
    "V108": ("error", "Action step outside scale", "Use steps from the lowest level up."),
    "V109": ("error", "Options and scale", "Give a choice question `options` or `scale`."),
    "V110": ("error", "Normalisation without a range", "Give the number `min` and `max`."),
    "V111": ("error", "Log of a range reaching -1", "Start the range above -1, or drop `log`."),
    "V112": ("error", "Max below a child's score", "Raise `max` to the children's highest score."),
    "V113": ("error", "Geometric mean of a negative", "Keep the children's scores at 0 or more."),
    "V114": ("error", "Score out of bounds", "Lower the weights or scores: at most 10^15."),
    "V115": ("error", "Floor above ceiling", "Make the floor at most the ceiling."),
    "V116": ("error", "Score outside the scale", "Use a score within the scoring scale."),
    "V117": ("error", "Thresholds not increasing", "List thresholds by increasing `at_least`."),
    "L101": ("error", "Missing translation", "Add the text in every language of `languages`."),
    "L102": ("error", "Undeclared language", "Declare the language or remove the text."),
    "L103": ("error", "Language declared twice", "List a language as complete or partial."),
    "L104": ("warning", "Language translated in part", "Translate the rest, then declare it."),
    "W101": ("warning", "Scale never used", "Use the scale or remove it."),
    "W102": ("warning", "No action template", "Add an action template for the step."),
    "H101": ("error", "Id changed meaning", "Give the new thing a new id."),
    "H102": ("warning", "Earlier version unreadable", "Fix the earlier version's errors."),
    # M: the migration from an earlier version (assess.questionnaire.migration_check)
    "M101": ("error", "Unknown earlier version", "Name an earlier version beside the file."),
    "M102": ("error", "Question not accounted for", "Rename, map, split, merge or drop it."),
    "M103": ("error", "Unknown earlier question", "Name a question of the earlier version."),
    "M104": ("error", "Unknown question", "Name a question of this version."),
    "M105": ("error", "Question mapped twice", "Keep one rule per question; merge several."),
    "M106": ("error", "Value map incomplete", "Map every earlier value (null: not carried)."),
    "M107": ("error", "Value not valid now", "Map to a level or option id of the question now."),
    "M108": ("error", "Answers do not fit", "Give `values`, or list the question as `afresh`."),
    "M109": ("error", "Unknown earlier value", "Map only the earlier question's values."),
    "M110": ("error", "Values cannot be mapped", "Remove `values`: numbers, texts, dates carry."),
    "M111": ("error", "Rule needs an ordered answer", "Use rule `first` for this question."),
    # C: the costing and the line items of action templates (assess.questionnaire.build_costing)
    "C101": ("error", "Unknown unit cost", "Name a unit cost declared under `costing.unit_costs`."),
    "C102": ("error", "Multiplier is no question", "Name a number question's id in `per`."),
    "C103": ("error", "Multiplier not a number question", "Use a question of `type: number`."),
    "C104": ("error", "Currency missing or unknown", "Give `currency` an ISO 4217 code: USD."),
    "C105": ("error", "Unknown cost category", "Name a category of `costing.categories`."),
    "C106": ("error", "Unknown cost subcategory", "Name a subcategory of the unit's category."),
    "C107": ("error", "Duplicate unit cost", "Give each unit cost its own id."),
    "C108": ("error", "Duplicate category", "Give each category and subcategory its own id."),
    "C109": ("error", "Costs without a costing", "Declare `costing` with its unit costs."),
    "C110": ("error", "Negative cost or multiplier", "Use a value or multiplier of 0 or more."),
    "C111": ("error", "Costed years out of range", "Cost from 1 to 10 plan years."),
    # I: XLSForms converted by `assess import xlsform` (assess.questionnaire.xlsform)
    "I101": ("error", "Not a readable workbook", "Save the form as .xlsx (or .xls) and try again."),
    "I102": ("error", "Form too large", "Split the form: at most 10 MiB and 20,000 rows a sheet."),
    "I103": ("error", "Sheet missing or malformed", "Add a sheet survey with type and name."),
    "I104": ("error", "Unknown type", "Use an XLSForm question type (integer, select_one L...)."),
    "I105": ("error", "Reference to nothing", "Name a question of the form, or a choice list."),
    "I106": ("error", "Name twice", "Give each question, group and choice of a list its own name."),
    "I107": ("error", "Name not usable", "Use letters, digits, _ . - (starting with a letter)."),
    "I108": ("error", "Groups do not match", "Close each begin group with end group, in order."),
    "I109": ("error", "Nothing to carry", "Add a question of a type the importer carries."),
    "I110": ("warning", "Construct not carried", "Ask it another way, or leave it out."),
    "I111": ("warning", "Column not carried", "Nothing to do: its values are left out."),
    "I112": ("warning", "Expression not carried", "Write it as a condition (`when`) by hand."),
    "I113": ("warning", "Sheet or setting not carried", "Nothing to do: it is left out."),
    "I114": ("warning", "Value adjusted", "Check the value written and change it if needed."),
    "I115": ("error", "Result does not pass check", "Report it: the importer wrote a bad file."),
    # T2: translation files sent back by translators (assess.questionnaire.translation_files)
    "T201": (
        "error",
        "Not a translation file",
        "Send back the file `assess translations export` wrote.",
    ),
    "T202": (
        "error",
        "Unknown questionnaire",
        "Export again from the questionnaire version meant.",
    ),
    "T203": ("error", "Language not usable", "Export again with --lang set to the language."),
    "T204": ("error", "Row missing", "Put back the row: every text of the export must be there."),
    "T205": ("error", "Unknown row", "Remove the row, or restore its key as exported."),
    "T206": ("error", "Key twice", "Keep one row per key."),
    "T207": ("error", "Source text changed", "Export again: the source text is not the same."),
    "T208": ("error", "Placeholders differ", "Keep every {name}, %(name)s, %s of the source."),
    "T209": ("error", "Text too long", "Shorten the text, or split the row's content."),
    "T210": ("error", "File too large", "Send the file as exported, without added content."),
    "T211": (
        "error",
        "Cell is not text",
        "Type the translation as text: begin it with ' when it starts with = + - @ or a digit.",
    ),
    "T212": ("error", "Markup not allowed", "Remove the DTD, entities or inline tags."),
    "T213": ("error", "Character not allowed", "Remove the control character from the text."),
    "T214": ("error", "Definition would break", "Fix the problems listed; nothing was written."),
}
