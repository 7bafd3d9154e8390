"""Canonical JSON of a version's content and its SHA-256, the version's fingerprint."""

from __future__ import annotations

import hashlib

import msgspec

from schemas.entry import EntryContent

_encoder = msgspec.json.Encoder(order="sorted")
_decoder = msgspec.json.Decoder(EntryContent)


def canonical_json(content: EntryContent) -> bytes:
    """Keys sorted, defaults omitted, no spaces: equal content gives equal bytes."""
    return _encoder.encode(content)


def content_hash(canonical: bytes) -> str:
    return hashlib.sha256(canonical).hexdigest()


def decode_stored(canonical: str | bytes) -> EntryContent:
    return _decoder.decode(canonical)
