"""优秀社区工作法知识库: the domain logic, in layers that import downwards only.

model/     the typed method, the schema and registry, places, formulas (imports nothing else of ours)
checks/    reading files and every rule they must pass (imports model)
site/ search/ printing/ editor/   pages and indexes; the search index; books and forms; editors' tools
           (each imports model and checks, none another of these four)
commands/  the command lines (imports everything)
"""

import os

PACKAGE = os.path.dirname(os.path.abspath(__file__))
DATA_DIR = os.path.join(PACKAGE, "data")          # the vocabularies and the schema
TEMPLATES = os.path.join(PACKAGE, "templates")    # the pages' and the book's templates
