"""Progress lines for the long-running commands, on a terminal."""


def progress_printer(stream, verb):
    """A ``progress(done, total)`` callback that rewrites one line of ``stream``, or None
    when ``stream`` is not a terminal (a log or a pipe would get every rewrite)."""
    if not stream.isatty():
        return None

    def show(done, total):
        if done == total or done % 50 == 0:
            # Progress is not an error: plain text, not the error style of stderr.
            stream.write(f"\r{verb} {done}/{total} ({done * 100 // max(total, 1)}%)", ending="", style_func=str)
            stream.flush()

    return show
