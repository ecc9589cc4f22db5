"""The pure core: archive model, import, conversion, search, integrity. Never imports Qt."""
