"""Printed collections as PDF books, and the ministry's 推荐表. Imports the model and the checks."""
