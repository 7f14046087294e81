"""Pure domain rules: vocabularies, errors and (later) state machines and money."""
