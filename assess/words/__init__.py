"""What a person reads: translations, numbers and dates in a locale, answers in words.

Pure: usable from the web, the command line and the report worker alike (no Flask needed).
"""
