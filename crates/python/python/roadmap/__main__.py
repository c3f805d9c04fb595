"""``python -m roadmap ARGS``: the ``roadmap`` command line, with the same arguments, output and
exit status (0 done, 1 some inputs failed or differ, 2 a usage or output error)."""

import sys

from . import main

if __name__ == "__main__":
    sys.exit(main())
