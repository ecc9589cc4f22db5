"""June Fourth Archive: an offline, verifiable reader of the June Fourth coalition statements."""

__version__ = "0.1.0"
