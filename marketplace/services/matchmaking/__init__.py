"""The marketplace side of the matcher: the index holder and record mapping."""
