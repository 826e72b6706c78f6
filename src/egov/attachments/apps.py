import warnings

from django.apps import AppConfig


class AttachmentsConfig(AppConfig):
    name = "egov.attachments"
    label = "attachments"

    def ready(self):
        from django.conf import settings
        from PIL import Image

        # Decompression bombs: Pillow refuses to open an image over the pixel limit (an error, not a warning),
        # everywhere in the process (uploads, Wagtail's images, conversions). Uploads check it first
        # themselves, with a clear message (``validation.check_pixels``).
        Image.MAX_IMAGE_PIXELS = settings.UPLOAD_MAX_IMAGE_PIXELS
        warnings.simplefilter("error", Image.DecompressionBombWarning)
