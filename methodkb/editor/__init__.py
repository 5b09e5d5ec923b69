"""The editors' tools: the scaffold of a new method file and reading published lists. Imports the model and the checks."""
