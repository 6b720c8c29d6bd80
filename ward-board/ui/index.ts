// What the UMD bundle exports: Dashboard 2.0 reads window['he-ward-board'].WardBoard.
export { default as WardBoard } from './components/WardBoard.vue';
