export { createOrgRoutes } from './routes.js';
export { inSubtree, subtreeUpperBound } from './scope.js';
export { findNode, findNodeInScope, listSubtree, listAncestors, ancestorOfKind, insertNode } from './org-store.js';
