"""Forms as a browser submits them: read the rendered HTML, post what its controls hold."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any


class Browser(HTMLParser):
    """Reads rendered HTML as a browser does: the controls, their labels, and what submitting posts."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.posted: list[tuple[str, str]] = []
        self.controls: list[dict[str, str]] = []
        self.labelled: set[str] = set()
        self.ids: list[str] = []
        self._select: dict[str, Any] | None = None
        self._textarea: dict[str, Any] | None = None
        self.feed(html.replace("\r\n", "\n").replace("\r", "\n"))  # as the HTML parser reads its input
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag == "label":
            self.labelled.add(attributes["for"])
        elif tag == "input":
            self.controls.append(attributes)
            self.post_input(attributes)
        elif tag == "select":
            self.controls.append(attributes)
            self._select = {"name": attributes["name"], "options": []}
        elif tag == "option" and self._select is not None:
            self._select["options"].append((attributes["value"], "selected" in attributes))
        elif tag == "textarea":
            self.controls.append(attributes)
            self._textarea = {"name": attributes["name"], "text": []}

    def post_input(self, attributes: dict[str, str]) -> None:
        kind = attributes.get("type", "text")
        if kind == "checkbox":
            if "checked" in attributes:
                self.posted.append((attributes["name"], attributes.get("value", "on")))
            return
        # Browsers drop newlines from one-line fields, and whitespace around URLs and e-mail addresses.
        value = attributes.get("value", "").replace("\r", "").replace("\n", "")
        self.posted.append((attributes["name"], value.strip() if kind in ("url", "email") else value))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea["text"].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None:
            text = "".join(self._textarea["text"])
            text = text[1:] if text.startswith("\n") else text  # the HTML parser drops this newline
            self.posted.append((self._textarea["name"], text.replace("\n", "\r\n")))  # as browsers post it
            self._textarea = None
        elif tag == "select" and self._select is not None:
            options = self._select["options"]
            chosen = next((value for value, selected in options if selected), options[0][0])
            self.posted.append((self._select["name"], chosen))
            self._select = None

    def form(self) -> dict[str, list[str]]:
        form: dict[str, list[str]] = {}
        for name, value in self.posted:
            form.setdefault(name, []).append(value)
        return form


def submit(html: str, **changes: str) -> dict[str, list[str]]:
    """What a browser posts for this form, after the user typed `changes` (control name → text)."""
    form = Browser(html).form()
    for name, value in changes.items():
        form[name] = [value]
    return form
