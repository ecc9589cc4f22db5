"""The size peer for ``benchmarks/bundle_size.py``: a bare PySide6 hello-world window.

Built by ``packaging/build.py --peer`` with the same trimming as the app, so the difference in
size is what the app itself adds (Whoosh, OpenCC, fonts, the archive, signature checks).
"""

import sys

from PySide6.QtWidgets import QApplication, QLabel

app = QApplication(sys.argv[:1])
label = QLabel("Hello")
label.show()
if len(sys.argv) == 3 and sys.argv[1] == "--screenshot":
    sys.exit(0 if label.grab().save(sys.argv[2], "PNG") else 1)
sys.exit(app.exec())
