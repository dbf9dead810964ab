"""Every tolerance of the page chain in one frozen record, each with its unit and its reason (as
pdfplumber's TableSettings): the numbers that decide where a word, a line, a paragraph, a cell and a
table begin, for PDF pages and OCR pages alike."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ChainSettings:
    # --- characters → words → lines
    # points: characters further apart across start a new word; tops further apart, a new line
    # (pdfplumber's x_tolerance and y_tolerance, so the words are pdfplumber's words)
    char_gap_x: float = 1.5
    char_gap_y: float = 2.5
    # font sizes: a gap this wide between two words of a line puts them in different columns
    column_gap: float = 1.2
    # points: and never less than this (small print stands closer)
    min_column_gap: float = 6.0
    # font sizes: a gap wider than this between the boxes of two words of a line is a space; narrower,
    # a change of font inside one word
    space_gap: float = 0.12
    # font sizes: words whose middles are this close in height stand on one line
    same_line: float = 0.35
    # points: an OCR text layer's space starting this close to the letter before it, on its line, follows it
    layer_adjacent: float = 0.5
    # of a letter's width: a layer's space this close to its letters' width is a glyph of a one-width
    # layer font (Tesseract's), stretched over the word's ink with the word
    layer_same_width: float = 0.1
    # degrees: a searchable scan's layer turned this little or less is level (its lines keep together)
    min_layer_skew: float = 0.05
    # degrees: a layer turned more than this is not a skewed scan's (text set on its side) and is not levelled
    max_layer_skew: float = 10.0
    # degrees: a layer character turned this much off the page's usual turn is not on its lines; left out
    layer_skew_spread: float = 2.0
    # share of a drawn space's width: the next letter must start beyond this much of it for the space to
    # part the words (an italic letter leans back over part of it; a letter drawn on top of it leaves it no room)
    space_room: float = 0.25

    # --- bullets drawn as shapes
    # font sizes: a drawn bullet is at most this wide and high (a letter of its line's type)
    bullet_size: float = 1.0
    # points: and at least this wide and high (a smaller speck marks no list item)
    min_bullet_size: float = 1.5
    # points: no drawn bullet is larger than this (a letter of 40 points); larger shapes are not looked at
    max_bullet_size: float = 40.0
    # width to height: a drawn bullet's shape lies between these (a dot, a square, a diamond; not a rule or a bar)
    bullet_aspect_min: float = 0.5
    bullet_aspect_max: float = 2.0
    # font sizes: the gap from the shape to its line's first word, at most
    bullet_gap: float = 2.5
    # font sizes: the shape's middle lies this close to the middle of the word's line
    bullet_same_line: float = 0.6

    # --- lines → paragraphs
    # font sizes: a step from one line's top to the next above this is a paragraph gap, where the text
    # shows no line pitch of its own
    paragraph_step: float = 1.5
    # of the text's own line pitch (a font with a large line gap): a wider step is a paragraph gap
    pitch_room: float = 1.15
    # font sizes: and never a step wider than this
    max_paragraph_step: float = 2.0
    # font sizes: the width of a space, for telling whether the next line's first word had room
    space_width: float = 0.28
    # font sizes: room kept free at a line's right edge that still counts as full
    right_margin: float = 0.3
    # points: lines whose sizes differ less than this are in one size (sizes are rounded by producers)
    same_size: float = 0.6
    # times the smaller size: OCR's lines of one weight whose sizes are at most this far apart may be one
    # paragraph's, where the sentence plainly goes on (a photographed page's heading measured 13.5 and
    # 11.4 points on its two lines; a heading and its body text stand 1.3 × or more apart)
    measured_size: float = 1.25
    # font sizes: a wrapped line starts this close to its paragraph's left edge
    indent: float = 1.5
    # font sizes: or this close to where a bulleted first line's text starts (a hanging indent)
    hang: float = 0.5
    # font sizes: a step this much wider than the narrowest in a paragraph is a space between paragraphs
    extra_step: float = 0.1
    # share of a page's width: where lines of four or more words end, at most (the right edge of the
    # text, for telling whether a line was full); the 95th percentile keeps a stray wide line out
    right_edge_share: float = 0.95
    full_line_words: int = 4
    # lines this many before and after a line, in its own column, tell where its text block's right edge is
    edge_window: int = 6
    # points: a picture this wide and high right of a line is its right edge (it stands in the text's way);
    # a smaller one is an icon
    min_picture: float = 20.0
    # of the body text's size: lines this large or larger are headings, whose lines go on while they keep
    # its type (a heading wrapped beside a picture: "UTDANNING OG" / "KOMPETANSE")
    heading_size: float = 1.2

    # --- ruling lines → grids
    # points: edges this close across are one line, and joined where they meet this close along
    snap: float = 3.0
    # points: shorter edges are marks or dashes, not ruling
    min_edge: float = 4.0
    # more edges than this on a page is a drawing, not a table; looking for cells in it would be slow
    max_edges: int = 4000
    # points: cell corners this close are one column or row boundary
    boundary_cluster: float = 2.0

    # --- unruled tables
    # a header line must stand in this many columns for an unruled table to start
    min_columns: int = 3
    # font sizes: header cells are short and may stand close; a smaller gap than in body rows parts them
    header_gap: float = 0.75
    # font sizes: white space between lines wider than this starts a new row
    row_gap: float = 0.5
    # lines a table must have before a lone line after a wider gap than any between them ends it
    min_rhythm_lines: int = 3
    # line steps: a lone line this far below the table is not part of it
    end_gap: float = 2.6
    # font sizes: one line step
    line_step: float = 1.25
    # lines: at most this many lone lines run across a table as one row (a goal inside the table)
    max_spanning_lines: int = 3
    # font sizes: cells' tops (middles, bottoms) this close are aligned
    alignment: float = 0.3
    # points: a lone line whose size differs more than this from the table's body is a heading
    foreign_size: float = 1.5
    # points: a lone line starting this far left of every cell is body text under the table
    left_of_table: float = 1.5

    # --- tables across pages and parts
    # points: tables whose columns start and end this close are one table drawn in parts
    same_columns: float = 8.0

    # --- running heads
    # share of the page's height at the top and at the bottom where running heads and page numbers live
    edge_zone: float = 0.09
    # share of the page's height: where a page number alone on its line stands (placed lower by a letterhead's logo)
    page_number_zone: float = 0.12
    # characters (letters and digits): a word of an OCR line this long or longer is of the line's core (what
    # a running head repeats); shorter ones are as often specks or a logo's strokes read as letters ("bå")
    core_word: int = 3
    # share of the page's height from the top: a running banner's box starts in it (a report's title drawn
    # as a ruled box at the top of page after page, not a table)
    banner_zone: float = 0.15
    # rows a running banner has at most (a table's header repeated on each page has its rows under it)
    banner_rows: int = 2

    # --- pictures holding a page's content (read by OCR)
    # share of the page's area: a picture covering this much, with hardly any text drawn over it, is content
    # to read by OCR (a table set as an image among text, a scan with a running footer added)
    picture_cover: float = 0.15
    # share of the page's area: the page's content pictures covering this much together make it a scan
    # (and a searchable scan's pictures, that much, make its text layer one read from a picture)
    scan_cover: float = 0.4
    # characters drawn over a picture, at most, for it to be content to read (more: a picture behind text)
    scan_text_inside: int = 20


SETTINGS = ChainSettings()
