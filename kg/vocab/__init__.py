"""Drug and regimen normalisation, dose parsing and external links, from bundled tables."""
