"""The shared core every layer may import: records, vocabularies, cursors, dates and the clock, errors, who may."""
