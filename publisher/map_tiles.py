"""The map's base tiles, fetched by the site and kept on disk, so that a citizen's browser talks to nobody but us.

The upstream is a tile address with {z}/{x}/{y} (`GLAZENSTAD_MAP_TILES`, by default PDOK's BRT-Achtergrondkaart,
the Dutch government's base map in Web Mercator). Only tiles that cover the Netherlands are served: the map is
about this municipality, and a bounded area keeps the cache from being filled by a crawler. A tile up to zoom
level 14 is fetched once and kept (the whole country at that level is some 60,000 tiles, about a gigabyte at
most); a closer tile is fetched each time it is asked for and not kept, so no one can fill the disk with the
millions of street-level tiles. At most MAX_UPSTREAM_FETCHES tiles are fetched at once per process, so a
crawler cannot make the site hammer the tile service. PDOK's tiles change a few times a year, so browsers
may keep one for a week.
"""

from __future__ import annotations

import logging
import math
import os
import tempfile
import threading
import urllib.error
import urllib.request
from pathlib import Path

log = logging.getLogger(__name__)

MIN_ZOOM = 6
MAX_ZOOM = 19
KEEP_MAX_ZOOM = 14
# The Netherlands with its coastal waters, lon/lat in WGS84.
BOUNDS = (3.0, 50.6, 7.4, 53.7)
FETCH_TIMEOUT = 6.0
MAX_UPSTREAM_FETCHES = 4
_UPSTREAM = threading.BoundedSemaphore(MAX_UPSTREAM_FETCHES)
MAX_TILE_BYTES = 2_000_000
TILE_DIR = "kaarttegels"


class TileUnavailable(Exception):
    """The upstream did not give the tile (down, slow, or it answered with an error)."""


def tile_in_bounds(z: int, x: int, y: int) -> bool:
    """Whether tile z/x/y exists and touches the Netherlands."""
    if not MIN_ZOOM <= z <= MAX_ZOOM or not (0 <= x < 2**z and 0 <= y < 2**z):
        return False
    west, south, east, north = BOUNDS
    return (_tile_x(west, z) <= x <= _tile_x(east, z)) and (_tile_y(north, z) <= y <= _tile_y(south, z))


def _tile_x(lon: float, z: int) -> int:
    return int((lon + 180.0) / 360.0 * 2**z)


def _tile_y(lat: float, z: int) -> int:
    rad = math.radians(lat)
    return int((1.0 - math.asinh(math.tan(rad)) / math.pi) / 2.0 * 2**z)


class TileCache:
    """Tiles of one upstream, each fetched once and kept as a file under `folder`."""

    def __init__(self, upstream: str, folder: Path) -> None:
        self.upstream = upstream
        self.folder = folder

    def tile(self, z: int, x: int, y: int) -> bytes:
        """The PNG of tile z/x/y (which must be in bounds); raises TileUnavailable when it cannot be had."""
        path = self.folder / str(z) / str(x) / f"{y}.png"
        try:
            return path.read_bytes()
        except FileNotFoundError:
            pass
        data = self._fetch(self.upstream.format(z=z, x=x, y=y))
        if z > KEEP_MAX_ZOOM:
            return data
        path.parent.mkdir(parents=True, exist_ok=True)
        # write beside it and rename: a reader never sees half a tile, two writers leave one whole tile
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
        return data

    @staticmethod
    def _fetch(url: str) -> bytes:
        request = urllib.request.Request(url, headers={"User-Agent": "GlazenStad (transparantieregister)"})
        if not _UPSTREAM.acquire(timeout=FETCH_TIMEOUT):
            log.warning("map tile %s not fetched: %d fetches already under way", url, MAX_UPSTREAM_FETCHES)
            raise TileUnavailable(url)
        try:
            with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
                data: bytes = response.read(MAX_TILE_BYTES + 1)
                content_type = response.headers.get("content-type", "")
        except (urllib.error.URLError, OSError) as error:
            log.warning("map tile %s could not be fetched: %s", url, error)
            raise TileUnavailable(url) from error
        finally:
            _UPSTREAM.release()
        if len(data) > MAX_TILE_BYTES or not content_type.startswith("image/"):
            log.warning("map tile %s is no image or too large (%s, %d bytes)", url, content_type, len(data))
            raise TileUnavailable(url)
        return data
