"""Reports: HTML from print templates, PDF through a fetcher limited to our own assets."""
