"""The selection list 2020 (Selectielijst gemeenten en intergemeentelijke organen), shipped in `data/`.

The VNG's Django fixtures are read once; a result's number is built from its process type,
its generic parent (for a specific result) and its own number, as ARCHIVING.md §4.1 says."""

from __future__ import annotations

from functools import cache
from importlib import resources

import msgspec

from schemas.entry import SelectionListRef
from schemas.enums import Appraisal, ProcessTerm

SELECTION_LIST_NAME = "Selectielijst gemeenten en intergemeentelijke organen"
SELECTION_LIST_YEAR = 2020
SELECTION_LIST_SOURCE = (
    "Staatscourant 2020 nr. 11143; gegevens: VNG-Realisatie/VNG-referentielijsten (EUPL-1.2)"
)
_DATA_FOLDER = "selectielijst-2020"
_APPRAISALS = {"blijvend_bewaren": Appraisal.KEEP, "vernietigen": Appraisal.DESTROY}


class SelectionResult(msgspec.Struct, frozen=True, kw_only=True):
    """One result of the list; `withdrawn` ones (empty appraisal, "Vervallen") cannot be chosen."""

    uuid: str
    number: str
    name: str
    description: str
    process_type_number: int
    process_type_name: str
    appraisal: Appraisal | None
    retention_period: str | None
    process_term: ProcessTerm | None
    process_term_remark: str
    origin: str
    explanation: str
    withdrawn: bool

    @property
    def label(self) -> str:
        """For pick lists: "2.1.2 Vastgesteld – Algoritme met ingrijpend …"."""
        text = f"{self.number} {self.name}"
        return f"{text} – {self.description}" if self.description else text


def number_key(number: str) -> tuple[int, ...]:
    """Sort key that orders result numbers numerically: 2.9 before 2.10."""
    return tuple(int(part) for part in number.split("."))


class SelectionList:
    """A selection list with its results, found by number or by the stable uuid."""

    def __init__(self, *, name: str, year: int, source: str, results: list[SelectionResult]) -> None:
        self.name = name
        self.year = year
        self.source = source
        self.results = sorted(results, key=lambda result: number_key(result.number))
        self._by_number = {result.number: result for result in self.results}
        self._by_uuid = {result.uuid: result for result in self.results}
        if len(self._by_number) != len(results) or len(self._by_uuid) != len(results):
            raise ValueError(f"{name} {year}: result numbers or uuids are not unique")

    def by_number(self, number: str) -> SelectionResult | None:
        return self._by_number.get(number)

    def by_uuid(self, uuid: str) -> SelectionResult | None:
        return self._by_uuid.get(uuid.lower())

    def selectable_results(self) -> list[SelectionResult]:
        return [result for result in self.results if not result.withdrawn]

    def reference(self) -> SelectionListRef:
        """What an entry's archive block stores beside the result, so a later list can live next to this one."""
        return SelectionListRef(name=self.name, year=self.year, source=self.source)


class _ProcessTypeFields(msgspec.Struct):
    nummer: int
    naam: str


class _ResultFields(msgspec.Struct):
    uuid: str
    proces_type: int
    nummer: int
    naam: str
    omschrijving: str
    herkomst: str
    waardering: str
    procestermijn: str
    toelichting: str
    procestermijn_opmerking: str = ""
    bewaartermijn: str | None = None
    generiek_resultaat: int | None = None


class _ProcessTypeRow(msgspec.Struct):
    pk: int
    fields: _ProcessTypeFields


class _ResultRow(msgspec.Struct):
    pk: int
    fields: _ResultFields


def _read(file: str) -> bytes:
    return resources.files("schemas.data").joinpath(_DATA_FOLDER, file).read_bytes()


def _result(fields: _ResultFields, process_types: dict[int, _ProcessTypeFields],
            rows: dict[int, _ResultFields]) -> SelectionResult:
    process_type = process_types[fields.proces_type]
    parts = [process_type.nummer, fields.nummer]
    if fields.generiek_resultaat is not None:
        parts.insert(1, rows[fields.generiek_resultaat].nummer)
    return SelectionResult(
        uuid=fields.uuid.lower(),
        number=".".join(str(part) for part in parts),
        name=fields.naam.strip(),
        description=fields.omschrijving.strip(),
        process_type_number=process_type.nummer,
        process_type_name=process_type.naam.strip(),
        appraisal=_APPRAISALS[fields.waardering] if fields.waardering else None,
        retention_period=fields.bewaartermijn or None,
        process_term=ProcessTerm(fields.procestermijn) if fields.procestermijn else None,
        process_term_remark=fields.procestermijn_opmerking.strip(),
        origin=fields.herkomst.strip(),
        explanation=fields.toelichting.strip(),
        # An empty waardering marks the two results the VNG withdrew ("Vervallen", moved elsewhere).
        withdrawn=not fields.waardering,
    )


@cache
def selection_list() -> SelectionList:
    """The selection list 2020, read from the shipped fixtures once per process."""
    type_rows = msgspec.json.decode(_read("procestypen.json"), type=list[_ProcessTypeRow])
    result_rows = msgspec.json.decode(_read("resultaten.json"), type=list[_ResultRow])
    process_types = {row.pk: row.fields for row in type_rows}
    rows = {row.pk: row.fields for row in result_rows}
    results = [_result(fields, process_types, rows) for fields in rows.values()]
    return SelectionList(name=SELECTION_LIST_NAME, year=SELECTION_LIST_YEAR, source=SELECTION_LIST_SOURCE,
                         results=results)


def selectable_results() -> list[SelectionResult]:
    """The results an archivist may choose, in numeric order."""
    return selection_list().selectable_results()
