"""Problems found in content: the field, what is wrong in Dutch and English, and how bad."""

from __future__ import annotations

import re

import msgspec


class Problem(msgspec.Struct, frozen=True, kw_only=True):
    field: str
    message: str
    message_en: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def new_problem(field: str, dutch: str, english: str, severity: str = "error") -> Problem:
    """A problem with a field, said in Dutch and English (an error unless said otherwise)."""
    return Problem(field=field, message=dutch, message_en=english, severity=severity)


class ContentError(ValueError):
    """Raised when content does not validate; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(problem) for problem in problems))


_PATH = re.compile(r" - at `\$(?P<path>[^`]*)`$")
_TRANSLATIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Object missing required field `(?P<f>[^`]+)`"), "verplicht veld ontbreekt"),
    (re.compile(r"Object contains unknown field `(?P<f>[^`]+)`"), "onbekend veld"),
    (re.compile(r"Invalid enum value (?P<v>.+)"), "ongeldige waarde {v}"),
    (re.compile(r"Expected `str` matching regex .*"), "ongeldig formaat"),
    (re.compile(r"Expected `\w+` of length <= (?P<n>\d+)"), "te lang: maximaal {n} tekens"),
    (re.compile(r"Expected `\w+` of length >= (?P<n>\d+)"), "te kort: minimaal {n} teken(s)"),
    (re.compile(r"Expected `(?P<e>[^`]+)`, got `(?P<g>[^`]+)`"), "verwacht {e}, gekregen {g}"),
    (re.compile(r"Expected `\w+` >= (?P<n>\S+)"), "moet minimaal {n} zijn"),
    (re.compile(r"Expected `\w+` <= (?P<n>\S+)"), "mag hoogstens {n} zijn"),
    (re.compile(r"Invalid RFC3339 encoded (?P<k>\w+)"), "ongeldige datum (gebruik JJJJ-MM-DD)"),
)


def problem_from_decode_error(error: msgspec.ValidationError, prefix: str = "") -> Problem:
    """Translate msgspec's message into a Problem naming the field."""
    text = str(error)
    match = _PATH.search(text)
    detail = text[: match.start()] if match else text
    path = (match.group("path") if match else "").lstrip(".")
    dutch = detail
    for pattern, template in _TRANSLATIONS:
        found = pattern.match(detail)
        if found:
            dutch = template.format(**found.groupdict())
            if "f" in found.groupdict():
                path = f"{path}.{found.group('f')}".lstrip(".")
            break
    field = f"{prefix}{path}".strip(".") or "(document)"
    return Problem(field=field, message=dutch, message_en=detail)




def required_text(value: str, field: str, max_length: int = 200) -> str:
    """The text without outer spaces; a ContentError naming `field` when it is empty or too long."""
    value = value.strip()
    if not value or len(value) > max_length:
        raise ContentError([Problem(field=field, message=f"vul 1 tot {max_length} tekens in",
                                    message_en=f"fill in 1 to {max_length} characters")])
    return value
