import { packFlowClient } from "./pack.js";

// `npm run pack:flow-client [-- <dir>]`: writes the tarball to <dir> (default: the current directory) and prints its path.
console.log(await packFlowClient(process.argv[2] ?? process.cwd()));
