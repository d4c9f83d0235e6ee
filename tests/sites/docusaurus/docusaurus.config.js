// A small Docusaurus site written for the pipeline's tests (not a real site).
module.exports = {
  title: 'Lumen',
  url: 'https://lumen.example.org',
  baseUrl: '/',
  i18n: {defaultLocale: 'en', locales: ['en', 'zh-Hans']},
  markdown: {format: 'detect'}, // .md is CommonMark, .mdx is MDX
  presets: [['classic', {docs: {sidebarPath: './sidebars.js'}, blog: {}}]],
};
