"""Marking texts for translation where they are defined, translating them where shown.

``QT_TRANSLATE_NOOP(context, text)`` returns ``text`` unchanged; pyside6-lupdate finds the
call by its name and puts the text in the .ts under ``context``. Where the text is shown:
``QCoreApplication.translate(context, text)``. (Qt's own returns ``object`` to type checkers;
this one returns the ``str`` it was given.)
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """``text``, marked for translation in ``context``."""
    del context
    return text
