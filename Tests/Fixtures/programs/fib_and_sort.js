// A small Node program: naive recursion, sorting and JSON work, profiled with --cpu-prof.
function fib(n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

function sortNumbers(count) {
  const values = [];
  for (let i = 0; i < count; i++) values.push((i * 7919) % 100003);
  return values.sort((a, b) => a - b);
}

function roundTrip(times) {
  let total = 0;
  for (let i = 0; i < times; i++) {
    total += JSON.parse(JSON.stringify({ items: sortNumbers(200) })).items.length;
  }
  return total;
}

console.log(fib(30), roundTrip(3000));
