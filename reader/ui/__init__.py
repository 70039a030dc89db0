"""The Textual reading app: shows an analysed Article, never computes NLP itself.

``reader.ui.app.ReaderApp`` gets its services injected (``reader.ui.services``), so tests run
it with small fakes and ``reader.app_main`` builds the real ones. Article text is rendered
only as ``rich.text.Text`` (``reader.ui.highlight``), never as markup.
"""
