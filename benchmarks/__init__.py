"""``make bench``: speed and size, each beside a peer measured in the same run."""
