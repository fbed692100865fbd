"""The brief on paper: the sections and their words, built once from a dossier (compose, in
the words of labels), as a small document model (document) printed to an iPad-sized PDF with
reportlab (pdf, with its figures, the bundled fonts and the Chinese line-breaking rules of linebreak)
or to Markdown for chat apps (markdown).
Every scraped string is escaped before it meets markup.
"""
