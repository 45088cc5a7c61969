"""A CPU-bound Python program for perf: squares, sorting and string work."""


def squares(n):
    return sum(i * i for i in range(n))


def words(n):
    return sorted(str(i * 7919 % 100003) for i in range(n))


print(squares(1_500_000), len(words(200_000)))
