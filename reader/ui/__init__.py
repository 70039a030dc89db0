"""The Textual reading app: shows an analysed Article, never computes NLP itself.

``reader.ui.app.ReaderApp`` gets its services injected (``reader.ui.services``), so tests run
it with small fakes and ``reader.app_main`` builds the real ones. Article text is rendered
only as ``rich.text.Text`` (``reader.ui.highlight``), never as markup.

One job per module: ``state`` holds what is shown (position, level, marks, progress);
``page`` and ``panel`` turn it into Text; ``widgets``, ``screens`` and ``saved`` display what
they are handed and report by message; ``actions`` are the keys; ``analysis`` and
``glossing`` are the thread workers; ``storage`` keeps the word list off the app's thread;
``settings`` and ``keys`` are the learner's files in the config folder.
"""
