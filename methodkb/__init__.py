"""Domain logic of the community work method knowledge base.

Plain Python, no MkDocs: the schema, the selection criteria, the method loader
and the page views. The MkDocs hooks in ``hooks/`` are thin adapters over this.
"""
