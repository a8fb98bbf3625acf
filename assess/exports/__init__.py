"""Exports: answers, scores, gaps, risks and plan actions as CSV, XLSX, JSON, and the SPSS,
Stata and R syntax that labels the CSV; one assessment, a round of a region, or everything a
reader may see, behind the pages' access rules. No Flask: the pages, the API and the bench call
`export` and the row functions."""
