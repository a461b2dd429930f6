// Stop at once, with one line, when Node is too old for ntlab. Plain JS so that any Node can run it.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  console.error(`ntlab needs Node.js >= 22.13.0; this is Node.js ${process.version}. Install Node 22 or newer (see README).`);
  process.exit(1);
}
