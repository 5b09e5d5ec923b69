"""Reading method and collection files, and every rule they must pass; the problems found. Imports only the model."""
