"""The interface's words in Dutch (first) and English. Content stays Dutch."""

from __future__ import annotations

from publisher.i18n_archive import ARCHIVE_TEXTS
from publisher.i18n_desk import DESK_TEXTS

LANGUAGES = ("nl", "en")

TEXTS: dict[str, tuple[str, str]] = {
    "site_name": ("Glazen Stad", "Glazen Stad"),
    "site_tagline": ("Register van algoritmes en dataverzamelingen", "Register of algorithms and data collections"),
    "skip_to_content": ("Direct naar de inhoud", "Skip to content"),
    "nav_home": ("Home", "Home"),
    "nav_search": ("Zoeken", "Search"),
    "nav_organisations": ("Organisaties", "Organisations"),
    "nav_accessibility": ("Toegankelijkheid", "Accessibility"),
    "nav_api": ("Open API", "Open API"),
    "nav_open_data": ("Open data", "Open data"),
    "open_data_title": ("Open data: het register om te downloaden", "Open data: the register to download"),
    "open_data_intro": (
        "Alles wat dit register publiceert kunt u hergebruiken. Elk bestand wordt bij het opvragen gemaakt uit de "
        "gepubliceerde versies, dus altijd actueel; concepten staan er nooit in. Elke registratie houdt haar vaste "
        "id en een link naar haar pagina.",
        "Everything this register publishes is yours to reuse. Each file is made from the published versions when "
        "you ask for it, so it is always current; drafts are never in it. Every entry keeps its stable id and a "
        "link to its page.",
    ),
    "open_data_licence": (
        "De gegevens over de algoritmes en dataverzamelingen (de metadata van het register) zijn vrij van rechten: "
        "{licence}. U mag ze zonder voorwaarden gebruiken.",
        "The data about the algorithms and data collections (the register's metadata) are free of rights: "
        "{licence}. You may use them without conditions.",
    ),
    "open_data_updated": ("Laatste publicatie: {date}.", "Last publication: {date}."),
    "open_data_files": ("Bestanden", "Files"),
    "open_data_file": ("Bestand", "File"),
    "open_data_contents": ("Inhoud", "Contents"),
    "open_data_standard": ("Formaat en standaard", "Format and standard"),
    "open_data_licence_column": ("Licentie", "Licence"),
    "open_data_examples": ("Voorbeelden van de API", "Examples of the API"),
    "open_data_examples_intro": (
        "De open API beschrijft zichzelf in {openapi}. Een paar vragen die u er direct aan kunt stellen:",
        "The open API describes itself in {openapi}. A few questions you can ask it directly:",
    ),
    "nav_map": ("Kaart", "Map"),
    "map_title": ("Kaart: wat de gemeente waar verzamelt", "Map: what the municipality collects where"),
    "map_intro": (
        "Op deze kaart staan de sensoren, camera's, scanauto's en tellers van de gemeente: wat ze meten, of het om "
        "persoonsgegevens gaat en op welke grondslag. Onder de kaart staan dezelfde gegevens in een tabel.",
        "This map shows the municipality's sensors, cameras, scan cars and counters: what they measure, whether "
        "personal data are involved and on what legal basis. Below the map, the same data are in a table.",
    ),
    "map_filter_type": ("Soort sensor", "Sensor type"),
    "map_filter_personal_data": ("Persoonsgegevens", "Personal data"),
    "map_filter_all": ("Alle", "All"),
    "map_count": ("{shown} van de {total} dataverzamelingen", "{shown} of the {total} data collections"),
    "map_region_label": ("Kaart van de dataverzamelingen", "Map of the data collections"),
    "map_popup_measures": ("Wat wordt gemeten", "What is measured"),
    "map_popup_personal_data": ("Persoonsgegevens", "Personal data"),
    "map_popup_legal_basis": ("Grondslag", "Legal basis"),
    "map_popup_more": ("Lees meer over deze registratie", "Read more about this entry"),
    "map_table_caption": ("De dataverzamelingen en hun locaties", "The data collections and their locations"),
    "map_column_name": ("Naam", "Name"),
    "map_column_locations": ("Locaties", "Locations"),
    "map_no_location": ("Geen locatie gepubliceerd", "No location published"),
    "map_nothing": ("Geen dataverzamelingen bij deze keuze.", "No data collections for this choice."),
    "map_download": (
        "Dezelfde gegevens als GeoJSON, vrij te hergebruiken: {link}.",
        "The same data as GeoJSON, free to reuse: {link}.",
    ),
    "main_navigation": ("Hoofdnavigatie", "Main navigation"),
    "language_switch": ("English", "Nederlands"),
    "language_switch_label": ("Read this site in English", "Lees deze site in het Nederlands"),
    "home_title": (
        "Welke algoritmes en gegevens gebruikt de gemeente?",
        "Which algorithms and data does the municipality use?",
    ),
    "home_intro": (
        "In dit register staat welke algoritmes de gemeente gebruikt en welke gegevens zij verzamelt, "
        "bijvoorbeeld met sensoren, camera's en scanauto's. Per registratie leest u waarvoor het is, "
        "op welke wet het rust, of het over persoonsgegevens gaat, welke risico's er zijn en hoe lang "
        "de gegevens bewaard blijven. Elke gepubliceerde versie blijft te zien.",
        "This register lists the algorithms the municipality uses and the data it collects, for example "
        "with sensors, cameras and scan cars. Each entry says what it is for, which law it rests on, "
        "whether it involves personal data, what the risks are and how long data are kept. Every "
        "published version stays visible.",
    ),
    "search_label": ("Zoek in het register", "Search the register"),
    "search_placeholder": ("bijvoorbeeld parkeren, camera of fijnstof", "for example parking, camera or air quality"),
    "search_button": ("Zoeken", "Search"),
    "counts_title": ("Wat staat er in het register?", "What is in the register?"),
    "recent_title": ("Recent gewijzigd", "Recently changed"),
    "results_for": ("Zoekresultaten voor", "Search results for"),
    "all_entries": ("Alle registraties", "All entries"),
    "results_count": ("{n} resultaten", "{n} results"),
    "result_count_one": ("1 resultaat", "1 result"),
    "no_results": ("Geen registraties gevonden. Probeer een ander of korter woord.",
                   "No entries found. Try another or a shorter word."),
    "did_you_mean": ("Bedoelde u", "Did you mean"),
    "suggest_listbox": ("Suggesties", "Suggestions"),
    "suggest_none": ("Geen suggesties", "No suggestions"),
    "suggest_count_one": ("1 suggestie. Kies met pijltje omlaag en Enter.",
                          "1 suggestion. Choose with arrow down and Enter."),
    "suggest_count": ("{n} suggesties. Kies met pijltje omlaag en Enter.",
                      "{n} suggestions. Choose with arrow down and Enter."),
    "suggest_entry": ("registratie", "entry"),
    "suggest_term": ("zoekterm", "search term"),
    "filters": ("Filters", "Filters"),
    "apply_filters": ("Filters toepassen", "Apply filters"),
    "clear_filters": ("Alle filters wissen", "Clear all filters"),
    "facet_kind": ("Soort", "Kind"),
    "facet_theme": ("Thema", "Theme"),
    "facet_status": ("Status", "Status"),
    "facet_personal_data": ("Persoonsgegevens", "Personal data"),
    "facet_publication_category": ("Publicatiecategorie", "Publication category"),
    "facet_risk_class": ("Risicoklasse AI-verordening", "AI Act risk class"),
    "facet_organisation": ("Organisatie", "Organisation"),
    "previous_page": ("Vorige pagina", "Previous page"),
    "next_page": ("Volgende pagina", "Next page"),
    "pagination": ("Paginering", "Pagination"),
    "page_n_of": ("Pagina {n} van {total}", "Page {n} of {total}"),
    "organisations_title": ("Organisaties", "Organisations"),
    "organisations_intro": ("Deze organisaties hebben registraties in dit register.",
                            "These organisations have entries in this register."),
    "entries_count": ("{n} registraties", "{n} entries"),
    "entries_of": ("Registraties van {name}", "Entries of {name}"),
    "field_not_filled": ("Veld niet ingevuld", "Field not filled in"),
    "withdrawn_notice": ("Deze registratie is ingetrokken op {date}.", "This entry was withdrawn on {date}."),
    "withdrawn_reason": ("Reden", "Reason"),
    "withdrawn_label": ("Ingetrokken", "Withdrawn"),
    "version_label": ("Versie {n}", "Version {n}"),
    "published_on": ("Gepubliceerd op", "Published on"),
    "first_published": ("Eerst gepubliceerd", "First published"),
    "last_changed": ("Laatst gewijzigd", "Last changed"),
    "kind": ("Soort", "Kind"),
    "organisations": ("Organisaties", "Organisations"),
    "status": ("Status", "Status"),
    "history_link": ("Bekijk alle versies en wijzigingen", "See all versions and changes"),
    "history_title": ("Versies van {name}", "Versions of {name}"),
    "history_intro": (
        "Elke gepubliceerde versie blijft bewaard. Kies twee versies om te zien wat er veranderde.",
        "Every published version is kept. Choose two versions to see what changed.",
    ),
    "compare": ("Vergelijk", "Compare"),
    "compare_from": ("Oude versie", "Older version"),
    "compare_to": ("Nieuwe versie", "Newer version"),
    "compare_button": ("Vergelijk versies", "Compare versions"),
    "diff_title": ("Wijzigingen van versie {a} naar versie {b}", "Changes from version {a} to version {b}"),
    "diff_none": ("Deze versies zijn inhoudelijk gelijk.", "These versions have the same content."),
    "diff_field": ("Veld", "Field"),
    "diff_before": ("Was", "Was"),
    "diff_after": ("Wordt", "Becomes"),
    "change_summary": ("Wat is er veranderd", "What changed"),
    "content_hash": ("Vingerafdruk (SHA-256)", "Fingerprint (SHA-256)"),
    "state_current": ("Huidige versie", "Current version"),
    "old_version_notice": ("U bekijkt een oudere versie ({n}) van deze registratie.",
                           "You are viewing an older version ({n}) of this entry."),
    "to_current": ("Naar de huidige versie", "To the current version"),
    "links_title": ("Samenhang met andere registraties", "Related entries"),
    "limitation_title": ("Niet (volledig) openbaar", "Not (fully) public"),
    "legal_ground": ("Grond", "Ground"),
    "yes": ("Ja", "Yes"),
    "no": ("Nee", "No"),
    "download_json": ("Download als JSON", "Download as JSON"),
    "not_found_title": ("Pagina niet gevonden", "Page not found"),
    "not_found_text": ("Deze pagina bestaat niet, of de registratie is (nog) niet gepubliceerd.",
                       "This page does not exist, or the entry has not been published."),
    "error_title": ("Er ging iets mis", "Something went wrong"),
    "error_text": ("Probeer het later nog eens.", "Please try again later."),
    "bad_request_text": (
        "Het adres vraagt iets wat de site niet kent. Dit klopt er niet aan:",
        "The address asks for something the site does not know. This is what is wrong with it:",
    ),
    "bad_request_title": ("Ongeldige aanvraag", "Bad request"),
    "search_unavailable_title": ("Zoeken is even niet beschikbaar", "Search is temporarily unavailable"),
    "search_unavailable_text": (
        "Zoeken is even niet beschikbaar. Probeer het over een paar minuten nog eens. De rest van de site werkt "
        "gewoon: u vindt de registraties ook via de organisaties.",
        "Search is temporarily unavailable. Please try again in a few minutes. The rest of the site works as "
        "usual: you can also find the entries through the organisations.",
    ),
    "back_home": ("Terug naar de homepage", "Back to the home page"),
    "footer_text": (
        "Glazen Stad is open source (EUPL-1.2). De gegevens in dit register zijn vrij te gebruiken (CC0).",
        "Glazen Stad is open source (EUPL-1.2). The data in this register are free to use (CC0).",
    ),
    "breadcrumb": ("Kruimelpad", "Breadcrumb"),
    "map_locations": ("Locaties", "Locations"),
    "coordinates": ("Coördinaten (lengtegraad, breedtegraad)", "Coordinates (longitude, latitude)"),
    "accessibility_title": ("Toegankelijkheidsverklaring", "Accessibility statement"),
    "feed_title": ("Glazen Stad: wijzigingen in het register", "Glazen Stad: changes in the register"),
    "feed_entry_title": ("Glazen Stad: wijzigingen in {name}", "Glazen Stad: changes to {name}"),
    "feed_published": ("Gepubliceerd: {name} (versie {n})", "Published: {name} (version {n})"),
    "feed_withdrawn": ("Ingetrokken: {name}", "Withdrawn: {name}"),
    "feed_link": ("Volg de wijzigingen in het register (Atom-feed)", "Follow the changes in the register (Atom feed)"),
    "feed_entry_link": ("Volg de wijzigingen in deze registratie (Atom-feed)",
                        "Follow the changes to this entry (Atom feed)"),
}

TEXTS.update(DESK_TEXTS)
TEXTS.update(ARCHIVE_TEXTS)


def translate(key: str, lang: str, **values: object) -> str:
    dutch, english = TEXTS[key]
    text = english if lang == "en" else dutch
    return text.format(**values) if values else text


def pick_language(query_value: str | None, cookie_value: str | None) -> str:
    for candidate in (query_value, cookie_value):
        if candidate in LANGUAGES:
            return candidate
    return "nl"
