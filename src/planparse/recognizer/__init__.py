"""The recognizer: turns a neutral layout into a Plan; knows plans, not file formats.

Kept empty of imports, so that importing a light part (the vocabulary) does not load the rest;
`recognize.py` holds the entry points."""
