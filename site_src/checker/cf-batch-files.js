// The batch page's files: what the picker, the folder picker and a drop hand over, as
// {file, name, inFolder} (a file in a folder is named by its path in it, as the CLI
// names paths), and a file's bytes or text read back, bounded. Nothing is sent anywhere.

// Bytes read of each file: the CLI reads 2 MB + 1 and refuses more; Python cuts at that
// limit again, this only bounds what the page holds in memory.
export const READ_AT_MOST = 4 * 1024 * 1024;

// The .json files of a folder; files picked or dropped one by one are all taken (the
// review says which cannot be read).
export function reviewable(picked) {
  return picked.filter((p) => !p.inFolder || /\.json$/i.test(p.file.name));
}

export function readBytes(file) {
  return file.slice(0, READ_AT_MOST).arrayBuffer();
}

export async function readText(file) {
  return new TextDecoder("utf-8", { fatal: true }).decode(await readBytes(file));
}

export function fromPicker(input) {
  return Array.from(input.files || [], (file) => ({ file, name: file.name, inFolder: false }));
}

export function fromFolderPicker(input) {
  return Array.from(input.files || [], (file) => ({ file, name: file.webkitRelativePath || file.name, inFolder: true }));
}

const entryFile = (entry) => new Promise((resolve, reject) => entry.file(resolve, reject));

// Every file under a dropped folder (webkitGetAsEntry), with its path in the folder.
async function entryFiles(entry, out) {
  if (entry.isFile) {
    out.push({ file: await entryFile(entry), name: entry.fullPath.replace(/^\//, ""), inFolder: true });
  } else if (entry.isDirectory) {
    const reader = entry.createReader();
    for (;;) {
      const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
      if (!batch.length) break;
      for (const child of batch) await entryFiles(child, out);
    }
  }
}

// A drop: files and folders by their entries where the browser gives them; otherwise (a
// synthetic drop, an old browser) the plain files.
export async function fromDrop(transfer) {
  const entries = Array.from(transfer.items || [], (item) => (item.webkitGetAsEntry ? item.webkitGetAsEntry() : null));
  const picked = [];
  if (entries.length && entries.every(Boolean)) {
    for (const entry of entries) {
      if (entry.isFile) picked.push({ file: await entryFile(entry), name: entry.name, inFolder: false });
      else await entryFiles(entry, picked);
    }
  } else {
    for (const file of Array.from(transfer.files || [])) picked.push({ file, name: file.name, inFolder: false });
  }
  return picked;
}
