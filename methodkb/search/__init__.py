"""The Chinese search index, built with jieba from the pages as rendered. Imports the model and the checks."""
