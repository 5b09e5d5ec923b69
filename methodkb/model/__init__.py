"""The typed model of a method and everything it rests on: the schema and the registry (loaded from data/), places, formulas, slugs, problems. Imports nothing else of ours."""
