"""A deeply recursive program: a recursive-descent evaluator of nested expressions and a
mutually recursive tree walk, so stacks repeat functions many levels deep."""
import random


def build(depth, rng):
    if depth == 0:
        return rng.randint(1, 9)
    op = rng.choice("+*-")
    return (op, build(depth - 1, rng), build(depth - 1 if rng.random() < 0.7 else 0, rng))


def evaluate(node):
    if isinstance(node, int):
        return node
    op, left, right = node
    a = evaluate(left)
    b = evaluate(right)
    return apply(op, a, b)


def apply(op, a, b):
    if op == "+":
        return (a + b) % 1000003
    if op == "*":
        return (a * b) % 1000003
    return (a - b) % 1000003


def walk_even(n, acc):
    if n == 0:
        return acc
    return walk_odd(n - 1, acc + sum(range(40)))


def walk_odd(n, acc):
    if n == 0:
        return acc
    return walk_even(n - 1, acc ^ n)


def main():
    rng = random.Random(7)
    tree = build(18, rng)
    total = 0
    for _ in range(12):
        total += evaluate(tree)
    for _ in range(3000):
        total += walk_even(300, 0)
    print(total)


if __name__ == "__main__":
    main()
