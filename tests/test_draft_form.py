"""The editorial draft form: every field is in it, saving gives back exactly what was shown, and a
mistake is named next to the control where it was typed, with the typed value still there."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec
import pytest
from msgspec import inspect as types

from publisher.demo import load_demo_entries
from publisher.draft_form import FormField, FormGroup, FormSection, content_from_form, draft_form, markdown_preview
from publisher.entry_view import LABELS
from publisher.i18n import translate
from publisher.rendering import make_environment
from schemas.entry import EntryContent, LawReference, Organisation
from schemas.enums import EntryKind, OrganisationRole
from schemas.export_format import ExportedEntry
from schemas.problems import ContentError, Problem
from tests.support.forms import Browser, submit

STATIC = Path(__file__).resolve().parents[1] / "publisher" / "static"
DEMO = load_demo_entries()


def newest(entry: ExportedEntry) -> EntryContent:
    return entry.versions[-1].content


def demo_content(kind: EntryKind, having: str) -> EntryContent:
    """The first demo entry of this kind in which `having` is filled."""
    return next(newest(e) for e in DEMO if e.kind == kind and getattr(newest(e), having))


def render(sections: list[FormSection], *, show_previews: bool = False) -> str:
    template = make_environment().get_template("desk/draft_form_fields.html")
    return template.render(sections=sections, show_previews=show_previews, lang="nl",
                           t=lambda key, **values: translate(key, "nl", **values))


def schema_paths(info: types.StructType, prefix: str = "") -> set[str]:
    paths = set()
    for field in info.fields:
        path = f"{prefix}{field.name}"
        paths.add(path)
        inner = field.type
        if isinstance(inner, types.UnionType):
            inner = next(t for t in inner.types if not isinstance(t, types.NoneType))
        if isinstance(inner, types.ListType):
            inner = inner.item_type
        if isinstance(inner, types.StructType):
            paths |= schema_paths(inner, f"{path}.")
    return paths


def form_items(items: list[FormField | FormGroup]) -> list[FormField | FormGroup]:
    found: list[FormField | FormGroup] = []
    for item in items:
        found.append(item)
        if isinstance(item, FormGroup):
            found += form_items(item.items)
    return found


def all_items(sections: list[FormSection]) -> list[FormField | FormGroup]:
    return [item for section in sections for item in form_items(section.items)]


def path_of(name: str) -> str:
    return ".".join(part for part in name.split(".") if not part.isdigit())


def problems_for(form: dict[str, list[str]], kind: EntryKind) -> list[Problem]:
    with pytest.raises(ContentError) as error:
        content_from_form(form, kind)
    return error.value.problems


# --------------------------------------------------------------------------- every field is there


def test_every_field_of_the_content_appears_in_the_form() -> None:
    expected = schema_paths(types.type_info(EntryContent)) - {"kind"}  # the kind belongs to the entry
    shown: set[str] = set()
    for kind in EntryKind:
        shown |= {path_of(item.name) for item in all_items(draft_form(None, kind)) if not item.name.endswith("_remove")}
    assert shown == expected


def test_each_kind_gets_its_own_block_and_no_other() -> None:
    def top_level(kind: EntryKind) -> set[str]:
        return {item.name for section in draft_form(None, kind) for item in section.items}

    assert "data_collection" in top_level(EntryKind.DATA_COLLECTION)
    assert "dataset" in top_level(EntryKind.DATASET)
    assert "ai_act" in top_level(EntryKind.ALGORITHM)
    assert not {"data_collection", "ai_act"} & top_level(EntryKind.DATASET)
    assert not {"dataset", "ai_act"} & top_level(EntryKind.DATA_COLLECTION)


def test_sections_follow_the_public_page_with_the_header_first_and_the_rest_last() -> None:
    sections = draft_form(None, EntryKind.ALGORITHM)
    assert sections[0].title == "Algemeen"
    assert [item.name for item in sections[0].items][:3] == ["name", "description_short", "short_summary"]
    assert "Wat en waarom" in [section.title for section in sections]
    assert sections[-1].title == "Overige velden"
    assert "transparency_limitations" in [item.name for item in sections[-1].items]


def test_every_field_has_a_dutch_label_and_help() -> None:
    for kind in EntryKind:
        for item in all_items(draft_form(None, kind)):
            key = path_of(item.name).rpartition(".")[2]
            assert key in LABELS or item.label != key.replace("_", " ").capitalize(), f"{item.name} has no label"
            is_row = isinstance(item, FormGroup) and item.remove is not None
            if not is_row and not item.name.endswith("._remove"):
                assert item.help, f"{item.name} has no help text"


# --------------------------------------------------------------------------- nothing lost


@pytest.mark.parametrize("entry", DEMO, ids=lambda entry: newest(entry).name[:50])
def test_saving_an_unchanged_form_gives_back_exactly_the_same_content(entry: ExportedEntry) -> None:
    content = newest(entry)
    html = render(draft_form(content, content.kind))
    assert content_from_form(submit(html), content.kind) == content


def test_a_litestar_form_is_read_like_a_mapping_of_lists() -> None:
    from litestar.datastructures import FormMultiDict

    content = demo_content(EntryKind.ALGORITHM, "category")
    form = submit(render(draft_form(content, content.kind)))
    multi = FormMultiDict([(name, value) for name, values in form.items() for value in values])
    assert content_from_form(multi, content.kind) == content


def test_chosen_themes_keep_their_order() -> None:
    content = next(newest(e) for e in DEMO if len(newest(e).category) > 1)
    reordered = msgspec.structs.replace(content, category=list(reversed(content.category)))
    html = render(draft_form(reordered, reordered.kind))
    assert content_from_form(submit(html), reordered.kind).category == reordered.category


# --------------------------------------------------------------------------- rows


def test_filling_in_the_empty_row_adds_an_item_and_shows_a_new_empty_row() -> None:
    content = demo_content(EntryKind.ALGORITHM, "organisations")
    n = len(content.organisations)
    html = render(draft_form(content, content.kind))
    assert f'name="organisations.{n}.tooi_id" value=""' in html
    form = submit(html, **{f"organisations.{n}.tooi_id": "gm0363", f"organisations.{n}.name": "Gemeente Amsterdam",
                           f"organisations.{n}.role": "co_responsible"})
    saved = content_from_form(form, content.kind)
    assert saved.organisations == [*content.organisations,
                                   Organisation(tooi_id="gm0363", name="Gemeente Amsterdam",
                                                role=OrganisationRole.CO_RESPONSIBLE)]
    again = render(draft_form(saved, saved.kind))
    assert f'name="organisations.{n}.tooi_id" value="gm0363"' in again
    assert f'name="organisations.{n + 1}.tooi_id" value=""' in again
    assert "Organisatie toevoegen" in again


def test_the_remove_checkbox_removes_that_item() -> None:
    content = next(newest(e) for e in DEMO if len(newest(e).law_references) > 2)
    form = submit(render(draft_form(content, content.kind)), **{"law_references.1._remove": "on"})
    saved = content_from_form(form, content.kind)
    assert saved.law_references == [content.law_references[0], *content.law_references[2:]]


def test_an_item_can_be_added_to_an_empty_list_inside_a_block() -> None:
    content = demo_content(EntryKind.DATA_COLLECTION, "data_collection")
    assert content.data_collection is not None
    n = len(content.data_collection.quantities)
    form = submit(render(draft_form(content, content.kind)), **{
        f"data_collection.quantities.{n}.name": "PM2.5", f"data_collection.quantities.{n}.unit": "µg/m³"})
    saved = content_from_form(form, content.kind)
    assert saved.data_collection is not None
    assert saved.data_collection.quantities[-1].name == "PM2.5"


def test_a_new_entry_form_saves_with_just_the_required_fields() -> None:
    form = submit(render(draft_form(None, EntryKind.DATASET)), **{
        "name": "Bomen", "description_short": "Alle bomen van de gemeente.",
        "organisations.0.tooi_id": "gm9999", "organisations.0.name": "Gemeente Voorbeeldstad"})
    saved = content_from_form(form, EntryKind.DATASET)
    assert saved == EntryContent(kind=EntryKind.DATASET, name="Bomen", description_short="Alle bomen van de gemeente.",
                                 organisations=[Organisation(tooi_id="gm9999", name="Gemeente Voorbeeldstad")])


# --------------------------------------------------------------------------- mistakes


BAD_INPUT = [
    ("name", "Controle " * 12, "te lang: 107 tekens, maximaal 100"),
    ("organisations.0.name", "x" * 101, "te lang"),
    ("review_date", "2024-02-30", "ongeldige datum"),
    ("website", "www.voorbeeldstad.nl", "ongeldig webadres"),
    ("status", "Actief", "ongeldige keuze"),
    ("category", "Sport", "ongeldige keuze"),
    ("data_collection.locations", '{"type": "FeatureCollection", "features": [', "geen geldige JSON"),
    ("data_collection.locations", '{"type": "Point", "coordinates": [4.9, 52.3]}', "FeatureCollection"),
    ("data_collection.data_stages.0.retention", "91 dagen", "ongeldige termijn"),
    ("data_collection.device_count", "veel", "geen geheel getal"),
    ("goal", "<p>" + "woord " * 500 + "</p>", "zonder opmaak geteld"),
    ("organisations.0.tooi_id", "", "verplicht"),
]


@pytest.mark.parametrize(("name", "typed", "words"), BAD_INPUT)
def test_a_mistake_is_named_at_its_control_and_the_typed_value_comes_back(name: str, typed: str, words: str) -> None:
    content = demo_content(EntryKind.DATA_COLLECTION, "data_collection")
    form = submit(render(draft_form(content, content.kind)), **{name: typed})
    problems = problems_for(form, content.kind)
    assert any(p.field == name and words in p.message for p in problems), problems

    sections = draft_form(content, content.kind, problems, submitted=form)
    field = next(item for item in all_items(sections) if item.name == name)
    assert isinstance(field, FormField) and any(words in error for error in field.errors)
    html = render(sections)
    assert f'id="{field.id}-fout"' in html
    for control in (c for c in Browser(html).controls if c["name"] == name):
        assert control["aria-invalid"] == "true"
        assert f"{field.id}-fout" in control["aria-describedby"].split()
    posted = Browser(html).form().get(name, [""])
    assert typed in (posted if field.control == "checkboxes" else [posted[0].replace("\r\n", "\n")])


def test_every_problem_names_a_control_of_the_form() -> None:
    content = demo_content(EntryKind.DATA_COLLECTION, "data_collection")
    mistakes = {name: typed for name, typed, _ in BAD_INPUT}  # of two mistakes in one control, the last
    form = submit(render(draft_form(content, content.kind)), **mistakes)
    problems = problems_for(form, content.kind)
    names = {item.name for item in all_items(draft_form(content, content.kind, problems, submitted=form))}
    assert len(problems) >= 8
    assert {problem.field for problem in problems} <= names


def test_problems_found_after_decoding_point_at_the_row_as_numbered_in_the_form() -> None:
    content = demo_content(EntryKind.ALGORITHM, "links")
    link = content.links[0]
    n = len(content.links)
    form = submit(render(draft_form(content, content.kind)), **{
        "links.0._remove": "on",
        f"links.{n}.target": link.target, f"links.{n}.relation": link.relation.value,
        f"links.{n + 1}.target": link.target, f"links.{n + 1}.relation": link.relation.value,
    })
    problems = problems_for(form, content.kind)
    assert [(p.field, p.message) for p in problems] == [(f"links.{n + 1}", "deze koppeling staat er al")]


def test_an_error_in_the_new_row_keeps_that_row_and_adds_another() -> None:
    content = demo_content(EntryKind.ALGORITHM, "organisations")
    n = len(content.organisations)
    form = submit(render(draft_form(content, content.kind)), **{
        f"organisations.{n}.tooi_id": "Amsterdam", f"organisations.{n}.name": "Gemeente Amsterdam"})
    problems = problems_for(form, content.kind)
    assert [p.field for p in problems] == [f"organisations.{n}.tooi_id"]
    assert "TOOI-code" in problems[0].message
    html = render(draft_form(content, content.kind, problems, submitted=form))
    assert f'name="organisations.{n}.tooi_id" value="Amsterdam"' in html
    assert f'name="organisations.{n + 1}.tooi_id" value=""' in html
    assert html.count("Organisatie toevoegen") == 1


def test_a_value_that_is_no_choice_stays_visible_with_its_error() -> None:
    content = demo_content(EntryKind.ALGORITHM, "ai_act")
    form = submit(render(draft_form(content, content.kind)), **{"ai_act.role": "landlord"})
    problems = problems_for(form, content.kind)
    assert [p.field for p in problems] == ["ai_act.role"]
    sections = draft_form(content, content.kind, problems, submitted=form)
    role = next(i for i in all_items(sections) if i.name == "ai_act.role")
    assert isinstance(role, FormField) and "landlord" in role.values
    assert [o.label for o in role.options if o.value == "landlord"] == ["landlord (ongeldige keuze)"]


def test_invalid_geojson_comes_back_as_typed() -> None:
    content = demo_content(EntryKind.DATA_COLLECTION, "data_collection")
    typed = '{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null}]}'
    form = submit(render(draft_form(content, content.kind)), **{"data_collection.locations": typed})
    problems = problems_for(form, content.kind)
    assert [p.field for p in problems] == ["data_collection.locations"]
    assert "Feature met een geometrie" in problems[0].message
    html = render(draft_form(content, content.kind, problems, submitted=form))
    assert Browser(html).form()["data_collection.locations"] == [typed]


# --------------------------------------------------------------------------- rendering


@pytest.mark.parametrize("kind", list(EntryKind))
def test_every_control_has_a_label_and_every_id_is_unique(kind: EntryKind) -> None:
    content = next(newest(e) for e in DEMO if e.kind == kind)
    for sections in (draft_form(content, kind), draft_form(None, kind)):
        browser = Browser(render(sections, show_previews=True))
        assert len(browser.ids) == len(set(browser.ids))
        unlabelled = [c["name"] for c in browser.controls if c.get("id") not in browser.labelled]
        assert not unlabelled
        described = {ref for c in browser.controls for ref in c.get("aria-describedby", "").split()}
        assert described <= set(browser.ids)


def test_limited_fields_show_a_counter_counted_without_markup() -> None:
    content = demo_content(EntryKind.ALGORITHM, "goal")
    content = msgspec.structs.replace(content, goal="<p>Dit is <b>het</b> doel.</p>")
    html = render(draft_form(content, content.kind))
    assert ('<span class="gs-counter" id="veld-goal-teller" data-for="veld-goal" data-max="2500" data-rich '
            'aria-live="polite">16 / 2500 tekens</span>') in html


def test_the_preview_shows_rich_text_as_the_public_page_would() -> None:
    content = demo_content(EntryKind.ALGORITHM, "goal")
    typed = "Het doel:\n\n- **sneller** controleren\n- minder fouten"
    form = submit(render(draft_form(content, content.kind)), goal=typed)
    sections = draft_form(content, content.kind, submitted=form)
    with_previews = render(sections, show_previews=True)
    assert "<ul>\n<li>sneller controleren</li>\n<li>minder fouten</li>\n</ul>" in with_previews
    assert 'id="veld-goal-voorbeeld"' in with_previews
    assert "gs-preview" not in render(sections)


def test_the_preview_never_carries_script_or_attributes() -> None:
    preview = markdown_preview('<p onclick="x()">Hallo</p><script>alert(1)</script><a href="https://x.nl">link</a>')
    assert preview == "<p>Hallo</p>link"


def test_submitted_text_is_shown_again_exactly() -> None:
    content = demo_content(EntryKind.DATASET, "dataset")
    typed = "Eerste regel\r\n\r\n  inspringing <b>vet</b> & meer"
    form = submit(render(draft_form(content, content.kind)), **{"description_short": typed, "name": ""})
    problems = problems_for(form, content.kind)
    html = render(draft_form(content, content.kind, problems, submitted=form))
    assert Browser(html).form()["description_short"] == [typed]
    assert [p.field for p in problems] == ["name"]


# --------------------------------------------------------------------------- in a real browser


def browser_page_html(sections: list[FormSection]) -> str:
    fields = render(sections, show_previews=True)
    return ('<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Concept bewerken</title></head>'
            '<body class="gs-body"><main id="inhoud" class="gs-container gs-main"><h1>Concept bewerken</h1>'
            f'<form method="post" action="/beheer" novalidate>{fields}<button type="submit">Opslaan</button></form>'
            '</main></body></html>')


def open_form(page: Any, sections: list[FormSection]) -> None:
    page.set_content(browser_page_html(sections))
    for sheet in ("tokens.css", "site.css", "desk.css"):
        page.add_style_tag(content=(STATIC / "css" / sheet).read_text("utf-8"))
    page.add_script_tag(content=(STATIC / "js" / "draft-form.js").read_text("utf-8"))


@pytest.mark.browser
def test_the_form_with_errors_and_previews_passes_axe(page: Any) -> None:
    from tests.support.axe import format_violations, run_axe

    content = demo_content(EntryKind.DATA_COLLECTION, "data_collection")
    form = submit(render(draft_form(content, content.kind)), **{name: typed for name, typed, _ in BAD_INPUT[:6]})
    problems = problems_for(form, content.kind)
    open_form(page, draft_form(content, content.kind, problems, submitted=form))
    violations = run_axe(page)
    assert not violations, format_violations(violations)


@pytest.mark.browser
def test_the_counter_follows_typing(page: Any) -> None:
    content = demo_content(EntryKind.ALGORITHM, "goal")
    open_form(page, draft_form(content, content.kind))
    page.fill("#veld-name", "Controle parkeren")
    page.wait_for_function("document.getElementById('veld-name-teller').textContent === '17 / 100 tekens'")
    page.fill("#veld-goal", "<p>" + "x" * 2501 + "</p>")
    page.wait_for_function("document.getElementById('veld-goal-teller').textContent === '2501 / 2500 tekens'")
    assert "gs-counter--over" in (page.get_attribute("#veld-goal-teller", "class") or "")


def test_law_reference_rows_round_trip_their_optional_fields() -> None:
    content = next(newest(e) for e in DEMO if any(r.kind and r.bwb_id for r in newest(e).law_references))
    changed = msgspec.structs.replace(content, law_references=[
        *content.law_references, LawReference(title="APV", link="https://lokaleregelgeving.overheid.nl/CVDR1")])
    html = render(draft_form(changed, changed.kind))
    assert content_from_form(submit(html), changed.kind) == changed
