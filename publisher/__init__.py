"""The outward face: the public site, the JSON API, the command line."""
