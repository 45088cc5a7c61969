"""A small program for tracing: a recursive parser of nested lists and some sorting."""


def parse(text, i=0):
    items = []
    while i < len(text):
        c = text[i]
        if c == "[":
            inner, i = parse(text, i + 1)
            items.append(inner)
        elif c == "]":
            return items, i + 1
        else:
            i += 1
    return items, i


def depth(tree):
    return 1 + max((depth(t) for t in tree), default=0)


def main():
    text = "[" * 12 + "]" * 12 + "[[][[]]]" * 10
    for _ in range(1):
        tree, _ = parse(text)
        depth(tree)
    sorted(range(300), key=lambda x: (x * 7919) % 1009)


main()
