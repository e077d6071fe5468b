export default defineAppConfig({
  pages: ['pages/index/index', 'pages/other/index'],
})
