window.addEventListener("load", () => {
  const rects = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim() || node.parentElement.closest("script")) continue;
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.width > 0 && r.height > 0) rects.push([r.left, r.top, r.right, r.bottom, node.textContent.trim().slice(0, 20), node]);
    }
  }
  rects.sort((a, b) => a[1] - b[1]);
  const overlaps = [];
  for (let i = 0; i < rects.length; i++) {
    for (let j = i + 1; j < rects.length && rects[j][1] < rects[i][3] - 1; j++) {
      const [a, b] = [rects[i], rects[j]];
      const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]), h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
      if (w > 1 && h > 1 && a[5] !== b[5]) overlaps.push([a[4], b[4]]);
    }
  }
  const overflowing = [];
  for (const box of document.querySelectorAll("span[style*='inline-block']")) {
    range.selectNodeContents(box);
    const inner = range.getBoundingClientRect(), outer = box.getBoundingClientRect();
    if (inner.width > outer.width + 0.5) overflowing.push(box.textContent);
  }
  const probe = {texts: rects.length, overlaps: overlaps.slice(0, 20), overlapCount: overlaps.length,
    overflowing: overflowing.slice(0, 20), resources: performance.getEntriesByType("resource").map(e => e.name),
    text: document.body.innerText};
  document.documentElement.setAttribute("data-probe", JSON.stringify(probe));
});
