<?php
/**
 * The `[booksprintz]` shortcode and the `booksprintz/booking` block.
 *
 * @package BookSprintz
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Both print {@see BookSprintz_Snippet::render()}; the block's editor script gets the
 * settings it needs for its live preview.
 */
class BookSprintz_Embeds {
	/**
	 * Hooks the shortcode, the block and the module-script filter.
	 */
	public static function register() {
		BookSprintz_Snippet::register();
		add_action( 'init', array( __CLASS__, 'init' ) );
	}

	/**
	 * `init`: shortcode and block.
	 */
	public static function init() {
		add_shortcode( 'booksprintz', array( __CLASS__, 'shortcode' ) );
		register_block_type( BOOKSPRINTZ_DIR . 'blocks/booking' );
		$options = BookSprintz_Options::get();
		wp_add_inline_script(
			'booksprintz-booking-editor-script',
			'window.booksprintzSettings = ' . wp_json_encode(
				array(
					'tenant'      => $options['tenant'],
					'host'        => $options['host'],
					'settingsUrl' => admin_url( 'options-general.php?page=booksprintz' ),
				)
			) . ';',
			'before'
		);
	}

	/**
	 * `[booksprintz mode="popup" service="haircut" label="Book a cut"]`.
	 *
	 * @param array<string, string>|string $atts Shortcode attributes ('' when none).
	 * @return string
	 */
	public static function shortcode( $atts ) {
		return BookSprintz_Snippet::render( shortcode_atts( BookSprintz_Snippet::defaults(), is_array( $atts ) ? $atts : array(), 'booksprintz' ) );
	}
}
