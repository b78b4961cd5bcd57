"""StreamField blocks of the demo site's pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=255)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "home/blocks/quote_block.html"


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Heading")
        template = "home/blocks/heading_block.html"


PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul"]


def content_blocks() -> list[tuple[str, blocks.Block]]:
    """The blocks every page body offers, in the order editors see them."""
    return [
        ("heading", HeadingBlock(max_length=255)),
        ("paragraph", blocks.RichTextBlock(features=PARAGRAPH_FEATURES, label=_("Paragraph"), icon="pilcrow")),
        ("quote", QuoteBlock()),
    ]
