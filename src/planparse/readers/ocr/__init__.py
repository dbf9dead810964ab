"""Reading page images by OCR (Tesseract): a scanned PDF's pages, or PNG, JPEG and TIFF files, into
the same words and ruled grids a born-digital PDF page gives."""
